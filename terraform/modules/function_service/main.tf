# One Cloud Run service with a service account of its own. The account gets no roles here: the
# root module grants each one only what its function needs, on the narrowest resource.

resource "google_service_account" "this" {
  project      = var.project_id
  account_id   = var.service_account_id
  display_name = "CryptoSignalTracker ${var.function_name}"
  description  = "Runs the ${var.function_name} Cloud Run service and nothing else."
}

locals {
  min_instances = var.always_on ? 1 : var.scaling.min_instances
  max_instances = var.always_on || var.single_writer ? 1 : var.scaling.max_instances
}

# Read access to exactly the secrets this service reads, granted before the first revision starts
# (a revision whose account cannot read its secret never becomes ready).
resource "google_secret_manager_secret_iam_member" "secret_env" {
  for_each = var.secret_env

  project   = var.project_id
  secret_id = each.value.secret
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.this.email}"
}

resource "google_cloud_run_v2_service" "this" {
  project             = var.project_id
  name                = var.service_name
  location            = var.region
  ingress             = var.ingress
  deletion_protection = var.deletion_protection
  labels              = merge(var.labels, { function = lower(var.function_name) })
  # The public webhook without an allUsers binding, where an organisation policy
  # (iam.allowedPolicyMemberDomains) refuses allUsers: Cloud Run skips the invoker check instead.
  invoker_iam_disabled = var.public && var.invoker_iam_disabled

  # A single writer gets a service-level limit of one instance: shared by every revision that
  # receives traffic, so an old and a new revision during a deploy count together (the
  # revision-level limit in the template applies to each revision alone). It is a ceiling Cloud Run
  # may briefly exceed, not a lock: the LogicEngine's single-writer lease is what keeps one writer
  # (docs/deploy.md, "One writer").
  dynamic "scaling" {
    for_each = var.single_writer ? [1] : []
    content {
      max_instance_count = 1
    }
  }

  template {
    service_account                  = google_service_account.this.email
    timeout                          = "${var.timeout_seconds}s"
    max_instance_request_concurrency = var.concurrency
    labels                           = merge(var.labels, { function = lower(var.function_name) })

    scaling {
      min_instance_count = local.min_instances
      max_instance_count = local.max_instances
    }

    containers {
      image = var.image

      ports {
        container_port = 8080
      }

      resources {
        limits = {
          cpu    = var.resources.cpu
          memory = var.resources.memory
        }
        # false = CPU always allocated (instance-based billing): the Ingestor keeps its websocket
        # and its publish batches running between requests. Request-driven functions idle free.
        cpu_idle          = !var.always_on
        startup_cpu_boost = true
      }

      dynamic "env" {
        for_each = var.env
        content {
          name  = env.key
          value = env.value
        }
      }

      dynamic "env" {
        for_each = var.secret_env
        content {
          name = env.key
          value_source {
            secret_key_ref {
              secret  = env.value.secret
              version = env.value.version
            }
          }
        }
      }

      # The original's revision "failed to start and listen on PORT=8080": the host binds PORT
      # first and answers the health route before heavy clients are built.
      startup_probe {
        initial_delay_seconds = 0
        period_seconds        = 3
        timeout_seconds       = 2
        failure_threshold     = 20
        http_get {
          path = var.health_path
          port = 8080
        }
      }

      liveness_probe {
        period_seconds    = 30
        timeout_seconds   = 5
        failure_threshold = 3
        http_get {
          path = var.health_path
          port = 8080
        }
      }
    }
  }

  depends_on = [google_secret_manager_secret_iam_member.secret_env]

  lifecycle {
    # Terraform owns the configuration; Cloud Build owns which image runs (it deploys each new
    # build by digest with `gcloud run services update`). Without this, the next `terraform apply`
    # would roll every service back to var.image.
    # gcloud also stamps the image it deployed into the annotations (client.knative.dev/user-image)
    # and itself into client/client_version; Terraform would remove them again and so roll a new
    # revision of every service on each apply (provider issue #13410).
    ignore_changes = [
      template[0].containers[0].image,
      client,
      client_version,
      annotations["client.knative.dev/user-image"],
      annotations["run.googleapis.com/client-name"],
      annotations["run.googleapis.com/client-version"],
      template[0].annotations["client.knative.dev/user-image"],
      template[0].annotations["run.googleapis.com/client-name"],
      template[0].annotations["run.googleapis.com/client-version"],
    ]
  }
}

resource "google_cloud_run_v2_service_iam_member" "invoker" {
  for_each = var.invoker_members

  project  = var.project_id
  location = google_cloud_run_v2_service.this.location
  name     = google_cloud_run_v2_service.this.name
  role     = "roles/run.invoker"
  member   = each.value
}

resource "google_cloud_run_v2_service_iam_member" "public" {
  count = var.public && !var.invoker_iam_disabled ? 1 : 0

  project  = var.project_id
  location = google_cloud_run_v2_service.this.location
  name     = google_cloud_run_v2_service.this.name
  role     = "roles/run.invoker"
  member   = "allUsers"
}

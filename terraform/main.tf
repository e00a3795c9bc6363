# Project-wide pieces: APIs, the image repository, and the secrets (created empty).

data "google_project" "this" {
  project_id = var.project_id
}

locals {
  project_number = data.google_project.this.number

  apis = toset(concat([
    "artifactregistry.googleapis.com",
    "bigtable.googleapis.com",
    "bigtableadmin.googleapis.com",
    "cloudbuild.googleapis.com",
    "cloudresourcemanager.googleapis.com",
    "cloudscheduler.googleapis.com",
    "firestore.googleapis.com",
    "iam.googleapis.com",
    "iamcredentials.googleapis.com",
    "logging.googleapis.com",
    "monitoring.googleapis.com",
    "pubsub.googleapis.com",
    "run.googleapis.com",
    "secretmanager.googleapis.com",
    "storage.googleapis.com",
  ], var.billing_account_id == null ? [] : ["billingbudgets.googleapis.com"]))

  image_base = "${var.region}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.images.repository_id}"
}

resource "google_project_service" "apis" {
  for_each = var.enable_apis ? local.apis : toset([])

  project = var.project_id
  service = each.value
  # Other things in the project may use these APIs too: never switch them off on destroy.
  disable_on_destroy = false
}

resource "google_artifact_registry_repository" "images" {
  project       = var.project_id
  location      = var.region
  repository_id = var.artifact_repository_id
  format        = "DOCKER"
  description   = "CryptoSignalTracker: one image per function, tagged with the Cloud Build id and latest."

  cleanup_policy_dry_run = false

  cleanup_policies {
    id     = "keep-recent"
    action = "KEEP"
    most_recent_versions {
      keep_count = var.images_to_keep
    }
  }

  cleanup_policies {
    id     = "delete-old"
    action = "DELETE"
    condition {
      tag_state  = "ANY"
      older_than = "2592000s" # 30 days; the keep-recent rule wins for the newest versions
    }
  }

  depends_on = [google_project_service.apis]
}

# Secret values never pass through Terraform: these are empty containers, and versions are added
# with `gcloud secrets versions add` (see docs/deploy.md), so no value lands in tfvars or state.
locals {
  secrets = {
    telegram_bot_token      = { secret_id = "${var.name_prefix}-telegram-bot-token", env = "TELEGRAM_BOT_TOKEN" }
    telegram_webhook_secret = { secret_id = "${var.name_prefix}-telegram-webhook-secret", env = "TELEGRAM_WEBHOOK_SECRET" }
    gemini_api_key          = { secret_id = "${var.name_prefix}-gemini-api-key", env = "GEMINI_API_KEY" }
    cryptocompare_api_key   = { secret_id = "${var.name_prefix}-cryptocompare-api-key", env = "CRYPTOCOMPARE_API_KEY" }
    dashboard_link_key      = { secret_id = "${var.name_prefix}-dashboard-link-key", env = "DASHBOARD_LINK_KEY" }
  }
}

resource "google_secret_manager_secret" "secrets" {
  for_each = local.secrets

  project   = var.project_id
  secret_id = each.value.secret_id
  labels    = var.labels

  replication {
    auto {}
  }

  depends_on = [google_project_service.apis]
}

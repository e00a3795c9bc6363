# The identity Cloud Build runs as: pushes images to the one repository and rolls the services
# forward. It may act as each function's service account (needed to deploy a revision that runs
# as it) and nothing wider.

resource "google_service_account" "cloudbuild" {
  project      = var.project_id
  account_id   = "${var.name_prefix}-cloudbuild"
  display_name = "CryptoSignalTracker Cloud Build"
  description  = "Builds the function images, pushes them and deploys them to the Cloud Run services."

  # A fresh project: the IAM API must be on before an account can be made.
  depends_on = [google_project_service.apis]
}

resource "google_artifact_registry_repository_iam_member" "cloudbuild_writer" {
  project    = var.project_id
  location   = google_artifact_registry_repository.images.location
  repository = google_artifact_registry_repository.images.name
  role       = "roles/artifactregistry.writer"
  member     = "serviceAccount:${google_service_account.cloudbuild.email}"
}

resource "google_cloud_run_v2_service_iam_member" "cloudbuild_deployer" {
  for_each = module.function

  project  = var.project_id
  location = each.value.location
  name     = each.value.service_name
  role     = "roles/run.developer"
  member   = "serviceAccount:${google_service_account.cloudbuild.email}"
}

resource "google_service_account_iam_member" "cloudbuild_acts_as_function" {
  for_each = module.function

  service_account_id = each.value.service_account_name
  role               = "roles/iam.serviceAccountUser"
  member             = "serviceAccount:${google_service_account.cloudbuild.email}"
}

# `gcloud builds submit` uploads the source here (--gcs-source-staging-dir in build_command), so
# the build account reads its source from a bucket it is allowed to read, and nothing else.
resource "google_storage_bucket" "build_source" {
  project                     = var.project_id
  name                        = "${var.project_id}-${var.name_prefix}-build-source"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = true
  labels                      = var.labels

  lifecycle_rule {
    condition {
      age = 7
    }
    action {
      type = "Delete"
    }
  }

  depends_on = [google_project_service.apis]
}

resource "google_storage_bucket_iam_member" "cloudbuild_reads_source" {
  bucket = google_storage_bucket.build_source.name
  role   = "roles/storage.objectViewer"
  member = "serviceAccount:${google_service_account.cloudbuild.email}"
}

# A build running as a user-chosen account must be allowed to write its own build logs.
resource "google_project_iam_member" "cloudbuild_logs" {
  project = var.project_id
  role    = "roles/logging.logWriter"
  member  = "serviceAccount:${google_service_account.cloudbuild.email}"
}

# Optional: build and deploy every push to build_branch. Needs the repository connected to Cloud
# Build first (console: Cloud Build > Triggers > Connect repository).
resource "google_cloudbuild_trigger" "main" {
  count = var.github_repository == "" ? 0 : 1

  project         = var.project_id
  location        = "global"
  name            = "${var.name_prefix}-build-and-deploy"
  description     = "Restore, unit tests, one image per function, deploy by digest."
  filename        = "cloudbuild.yaml"
  service_account = google_service_account.cloudbuild.id

  github {
    owner = split("/", var.github_repository)[0]
    name  = split("/", var.github_repository)[1]
    push {
      branch = var.build_branch
    }
  }

  substitutions = {
    _REGION         = var.region
    _REPOSITORY     = google_artifact_registry_repository.images.repository_id
    _SERVICE_PREFIX = "${var.name_prefix}-"
    _DEPLOY         = "true"
  }

  depends_on = [google_project_service.apis]
}

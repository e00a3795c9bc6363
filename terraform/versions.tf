terraform {
  # 1.11 is what the project is checked with; optional() with defaults needs >= 1.3.
  required_version = ">= 1.5.0, < 2.0.0"

  required_providers {
    google = {
      source = "hashicorp/google"
      # 7.x: Cloud Run v2 service-level scaling, Bigtable gc_policy max_age.duration, Firestore
      # delete_protection_state. Pinned to one major; `terraform init` writes the exact version to
      # .terraform.lock.hcl, which the user should commit in their own fork.
      version = ">= 7.0.0, < 8.0.0"
    }
    # time_sleep: waits for new log-based metrics before the alert policies on them (monitoring.tf).
    time = {
      source  = "hashicorp/time"
      version = ">= 0.11.0, < 1.0.0"
    }
  }

  # State lives in a Cloud Storage bucket (versioned, so an older state can be restored), never on
  # one laptop. Partial configuration: the bucket is given at init time, from backend.hcl
  # (copy backend.hcl.example): terraform init -backend-config=backend.hcl. The bucket is made once
  # by hand before the first init (docs/deploy.md, "State bucket"), since Terraform cannot keep its
  # own state in a bucket it has yet to create.
  backend "gcs" {}
}

provider "google" {
  project = var.project_id
  region  = var.region

  # Every resource gets these labels, so the bill can be filtered by "app=cryptosignaltracker".
  default_labels = var.labels
}

# The budget API refuses user credentials (gcloud auth application-default login) unless the
# request names a quota project: this provider sends the project as X-Goog-User-Project. Only the
# budget uses it, so nothing else needs serviceusage.services.use.
provider "google" {
  alias                 = "billing"
  project               = var.project_id
  region                = var.region
  billing_project       = var.project_id
  user_project_override = true
  default_labels        = var.labels
}

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
  }
}

provider "google" {
  project = var.project_id
  region  = var.region

  # Every resource gets these labels, so the bill can be filtered by "app=cryptosignaltracker".
  default_labels = var.labels
}

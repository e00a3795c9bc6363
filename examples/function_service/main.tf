# The smallest use of modules/function_service: one private, internal-only Cloud Run service with
# its own service account, from an image you already pushed. Run from this folder:
#   terraform init && terraform apply -var=project_id=P -var=image=REGION-docker.pkg.dev/P/REPO/aggregator:latest
# CI formats this folder and checks that the call gives the module every required input
# (tests/terraform/structure.test.mjs).

terraform {
  required_version = ">= 1.5.0, < 2.0.0"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = ">= 7.0.0, < 8.0.0"
    }
  }
}

variable "project_id" {
  description = "Project to create the service in."
  type        = string
}

variable "region" {
  description = "Cloud Run region."
  type        = string
  default     = "europe-west1"
}

variable "image" {
  description = "Image of a function built from this repository's Dockerfile."
  type        = string
}

provider "google" {
  project = var.project_id
  region  = var.region
}

module "aggregator" {
  source = "../../terraform/modules/function_service"

  project_id         = var.project_id
  region             = var.region
  function_name      = "Aggregator"
  service_name       = "example-aggregator"
  service_account_id = "example-aggregator"
  image              = var.image

  env = {
    GOOGLE_CLOUD_PROJECT = var.project_id
    CANDLE_STORE         = "firestore"
  }
}

output "service_id" {
  description = "Resource id of the service."
  value       = module.aggregator.service_id
}

output "service_account_email" {
  description = "The service's own account; grant it what the function needs."
  value       = module.aggregator.service_account_email
}

# The smallest use of modules/pubsub_topic: a topic with its dead-letter topic and holding
# subscription, and no push subscriptions. Run from this folder:
#   terraform init && terraform apply -var=project_id=P -var=project_number=N
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
  description = "Project to create the topic in."
  type        = string
}

variable "project_number" {
  description = "Number of the project (gcloud projects describe P --format='value(projectNumber)'), for the Pub/Sub service agent's grants."
  type        = string
}

provider "google" {
  project = var.project_id
}

module "topic" {
  source = "../../terraform/modules/pubsub_topic"

  project_id     = var.project_id
  project_number = var.project_number
  topic_name     = "example-topic"
}

output "topic_id" {
  description = "Resource id of the topic."
  value       = module.topic.topic_id
}

output "dead_letter_subscription_name" {
  description = "Pull subscription that keeps the dead letters."
  value       = module.topic.dead_letter_subscription_name
}

# A topic, its dead-letter topic (with a holding subscription so dead letters are kept, not
# dropped), and push subscriptions to Cloud Run services with OIDC, each with a dead-letter policy
# and a retry policy. Plain push subscriptions rather than Eventarc triggers: Eventarc creates its
# own transport subscription that Terraform does not manage, so its dead-letter topic, retry
# backoff, ack deadline and ordering could not be set here.

locals {
  pubsub_agent = "serviceAccount:service-${var.project_number}@gcp-sa-pubsub.iam.gserviceaccount.com"
}

resource "google_pubsub_topic" "this" {
  project                    = var.project_id
  name                       = var.topic_name
  message_retention_duration = var.message_retention_duration
  labels                     = var.labels
}

resource "google_pubsub_topic" "dead_letter" {
  project = var.project_id
  name    = "${var.topic_name}-dead-letter"
  labels  = merge(var.labels, { dead_letter = "true" })
}

# A topic without a subscription drops what is published to it: this pull subscription keeps the
# dead letters for inspection (`gcloud pubsub subscriptions pull ... --auto-ack=false`). It is the
# end of the line, so it has no dead-letter policy of its own.
resource "google_pubsub_subscription" "dead_letter_hold" {
  project                    = var.project_id
  name                       = "${var.topic_name}-dead-letter-hold"
  topic                      = google_pubsub_topic.dead_letter.id
  message_retention_duration = var.dead_letter_retention
  ack_deadline_seconds       = 60
  labels                     = merge(var.labels, { dead_letter = "true" })

  expiration_policy {
    ttl = "" # never expire, even when nobody pulls for 31 days
  }
}

resource "google_pubsub_topic_iam_member" "publisher" {
  for_each = var.publisher_members

  project = var.project_id
  topic   = google_pubsub_topic.this.name
  role    = "roles/pubsub.publisher"
  member  = each.value
}

# The push identity: one account per subscription, allowed to invoke exactly one service.
resource "google_service_account" "push" {
  for_each = var.push_subscriptions

  project      = var.project_id
  account_id   = each.value.invoker_account_id
  display_name = "Pub/Sub push ${var.topic_name} -> ${each.value.service_name}"
  description  = "OIDC identity of the ${each.key} push subscription on ${var.topic_name}; may only invoke ${each.value.service_name}."
}

resource "google_cloud_run_v2_service_iam_member" "push_invoker" {
  for_each = var.push_subscriptions

  project  = var.project_id
  location = each.value.service_location
  name     = each.value.service_name
  role     = "roles/run.invoker"
  member   = "serviceAccount:${google_service_account.push[each.key].email}"
}

# Pub/Sub mints the OIDC token as the push identity.
resource "google_service_account_iam_member" "push_token_creator" {
  for_each = var.push_subscriptions

  service_account_id = google_service_account.push[each.key].name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = local.pubsub_agent
}

resource "google_pubsub_subscription" "push" {
  for_each = var.push_subscriptions

  project                    = var.project_id
  name                       = "${var.topic_name}-to-${each.key}"
  topic                      = google_pubsub_topic.this.id
  ack_deadline_seconds       = each.value.ack_deadline_seconds
  message_retention_duration = each.value.retention
  enable_message_ordering    = each.value.message_ordering
  labels                     = var.labels

  push_config {
    push_endpoint = each.value.push_endpoint

    oidc_token {
      service_account_email = google_service_account.push[each.key].email
      audience              = each.value.push_endpoint
    }
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.dead_letter.id
    max_delivery_attempts = each.value.max_delivery_attempts
  }

  retry_policy {
    minimum_backoff = each.value.minimum_backoff
    maximum_backoff = each.value.maximum_backoff
  }

  expiration_policy {
    ttl = ""
  }

  depends_on = [
    google_cloud_run_v2_service_iam_member.push_invoker,
    google_service_account_iam_member.push_token_creator,
  ]
}

# Dead-lettering needs the Pub/Sub service agent to publish to the dead-letter topic and to
# acknowledge (subscribe on) the source subscription; without these grants messages are retried
# forever instead of moving.
resource "google_pubsub_topic_iam_member" "dead_letter_publisher" {
  project = var.project_id
  topic   = google_pubsub_topic.dead_letter.name
  role    = "roles/pubsub.publisher"
  member  = local.pubsub_agent
}

resource "google_pubsub_topic_iam_member" "dead_letter_forwarder" {
  for_each = var.dead_letter_publisher_members

  project = var.project_id
  topic   = google_pubsub_topic.dead_letter.name
  role    = "roles/pubsub.publisher"
  member  = each.value
}

resource "google_pubsub_subscription_iam_member" "dead_letter_subscriber" {
  for_each = var.push_subscriptions

  project      = var.project_id
  subscription = google_pubsub_subscription.push[each.key].name
  role         = "roles/pubsub.subscriber"
  member       = local.pubsub_agent
}

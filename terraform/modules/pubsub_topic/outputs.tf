output "topic_id" {
  description = "Full topic id (projects/P/topics/NAME)."
  value       = google_pubsub_topic.this.id
}

output "topic_name" {
  description = "Short topic name."
  value       = google_pubsub_topic.this.name
}

output "dead_letter_topic_name" {
  description = "Short name of the dead-letter topic."
  value       = google_pubsub_topic.dead_letter.name
}

output "dead_letter_subscription_name" {
  description = "Pull subscription that keeps the dead letters; inspect it with gcloud pubsub subscriptions pull."
  value       = google_pubsub_subscription.dead_letter_hold.name
}

output "subscription_names" {
  description = "Push subscription names, keyed like var.push_subscriptions."
  value       = { for k, s in google_pubsub_subscription.push : k => s.name }
}

# What to do next, in the order docs/deploy.md walks through it.

locals {
  gcloud_project = "--project=${var.project_id}"
  secret_ids     = { for k, s in google_secret_manager_secret.secrets : k => s.secret_id }
  webhook_url    = module.function["telegram_webhook"].uri
}

output "webhook_url" {
  description = "Public URL of the TelegramWebhook service (the only public one)."
  value       = local.webhook_url
}

output "register_webhook_command" {
  description = "Registers the webhook with Telegram, reading the bot token and the webhook secret from Secret Manager (nothing secret is stored in Terraform)."
  value       = "curl -sS \"https://api.telegram.org/bot$(gcloud secrets versions access latest --secret=${local.secret_ids["telegram_bot_token"]} ${local.gcloud_project})/setWebhook\" --data-urlencode \"url=${local.webhook_url}\" --data-urlencode \"secret_token=$(gcloud secrets versions access latest --secret=${local.secret_ids["telegram_webhook_secret"]} ${local.gcloud_project})\" --data-urlencode 'allowed_updates=[\"message\",\"callback_query\"]'"
}

output "add_secret_commands" {
  description = "One command per secret: paste the value on stdin (then Ctrl-D), so it never lands in shell history, tfvars or state."
  value = {
    for k, id in local.secret_ids : k => (
      k == "telegram_webhook_secret"
      ? "openssl rand -hex 32 | tr -d '\\n' | gcloud secrets versions add ${id} --data-file=- ${local.gcloud_project}"
      : "gcloud secrets versions add ${id} --data-file=- ${local.gcloud_project}"
    )
  }
}

output "service_urls" {
  description = "URL of every service. All but the webhook need an identity token: curl -H \"Authorization: Bearer $(gcloud auth print-identity-token)\" URL/health"
  value       = { for k, m in module.function : k => m.uri }
}

output "service_accounts" {
  description = "The service account each function runs as."
  value       = { for k, m in module.function : k => m.service_account_email }
}

output "image_repository" {
  description = "Where Cloud Build pushes the images (one per function: <repository>/<function lower case>)."
  value       = local.image_base
}

output "build_command" {
  description = "Builds, tests, pushes and deploys by hand (run from the repository root). Tags are the build id, so a manual build always has one."
  value       = "gcloud builds submit --config=cloudbuild.yaml --service-account=${google_service_account.cloudbuild.id} --gcs-source-staging-dir=gs://${google_storage_bucket.build_source.name}/source --substitutions=_REGION=${var.region},_REPOSITORY=${google_artifact_registry_repository.images.repository_id},_SERVICE_PREFIX=${var.name_prefix}- ${local.gcloud_project} ."
}

output "dashboard_url" {
  description = "Cloud Monitoring dashboards of the project; open \"CryptoSignalTracker pipeline\"."
  value       = "https://console.cloud.google.com/monitoring/dashboards?project=${var.project_id}"
}

output "dashboard_id" {
  description = "Resource name of the pipeline dashboard."
  value       = google_monitoring_dashboard.pipeline.id
}

output "dead_letter_subscriptions" {
  description = "Pull subscriptions holding dead letters; read with gcloud pubsub subscriptions pull NAME --limit=10."
  value       = local.dead_letter_subscriptions
}

output "bigtable" {
  description = "Bigtable instance and table the functions use."
  value = {
    instance = google_bigtable_instance.main.name
    table    = google_bigtable_table.candles.name
  }
}

output "next_steps" {
  description = "What to do after the first full apply."
  value       = <<-EOT
    1. If not done yet, add the secret versions (terraform output add_secret_commands), then terraform apply again.
    2. Register the webhook:  terraform output -raw register_webhook_command | bash
    3. Check health:          curl -H "Authorization: Bearer $(gcloud auth print-identity-token)" ${module.function["ingestor"].uri}/health
    4. In Telegram, send /status to the bot from a chat in telegram_owner_chat_ids.
    5. Watch the dashboard "CryptoSignalTracker pipeline": https://console.cloud.google.com/monitoring/dashboards?project=${var.project_id}
    6. Ship a new version:    terraform output -raw build_command   (or push to the branch the trigger watches)
  EOT
}

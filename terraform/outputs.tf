# What to do next, in the order docs/deploy.md walks through it.

locals {
  gcloud_project = "--project=${var.project_id}"
  secret_ids     = { for k, s in google_secret_manager_secret.secrets : k => s.secret_id }
  webhook_url    = module.function["telegram_webhook"].uri
}

output "dashboard_service_url" {
  description = "Public URL of the Dashboard service (the bot's /dashboard links point at its /auth). It answers 401 without the bot's signed link or its session cookie; /health is open."
  value       = module.function["dashboard"].uri
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
      : k == "dashboard_link_key"
      ? "openssl rand -base64 32 | tr -d '\\n' | gcloud secrets versions add ${id} --data-file=- ${local.gcloud_project}"
      : "gcloud secrets versions add ${id} --data-file=- ${local.gcloud_project}"
    )
  }
}

output "service_urls" {
  description = "URL of every service. All but the webhook and the dashboard are internal-only (the internet gets 404) and need an identity token; check them with gcloud run services describe NAME (docs/deploy.md, Checking it works)."
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
  description = "Bigtable instance and table the functions use (null with candle_store = \"firestore\")."
  value = local.use_bigtable ? {
    instance_id = google_bigtable_instance.main[0].id
    instance    = google_bigtable_instance.main[0].name
    table_id    = google_bigtable_table.candles[0].id
    table       = google_bigtable_table.candles[0].name
  } : null
}

output "candle_store" {
  description = "Where the candles live: bigtable or firestore."
  value       = var.candle_store
}

output "service_ids" {
  description = "Resource id of every Cloud Run service (projects/P/locations/R/services/NAME)."
  value       = { for k, m in module.function : k => m.service_id }
}

output "service_account_ids" {
  description = "Resource id of every function's own service account."
  value       = { for k, m in module.function : k => m.service_account_id }
}

output "topic_ids" {
  description = "Resource id of every Pub/Sub topic (projects/P/topics/NAME)."
  value = {
    raw_ticks  = module.topic_raw_ticks.topic_id
    candles    = module.topic_candles.topic_id
    signals    = module.topic_signals.topic_id
    macro_bias = module.topic_macro_bias.topic_id
  }
}

output "firestore_database_id" {
  description = "Resource id of the (default) Firestore database (null when create_firestore_database = false)."
  value       = var.create_firestore_database ? google_firestore_database.default[0].id : null
}

output "scheduler_job_id" {
  description = "Resource id of the Cloud Scheduler job that calls the MacroEngine."
  value       = google_cloud_scheduler_job.macro_engine.id
}

output "next_steps" {
  description = "What to do after the first full apply."
  value       = <<-EOT
    1. If not done yet, add the secret versions (terraform output add_secret_commands), then terraform apply again.
    2. Register the webhook:  terraform output -raw register_webhook_command | bash
    3. Check health:          curl ${local.webhook_url}/health   (the others are internal-only: gcloud run services list --project=${var.project_id} shows each one's readiness)
    4. In Telegram, send /status to the bot from a chat in telegram_owner_chat_ids.
    5. In Telegram, send /dashboard to the bot in a private chat: the link opens ${module.function["dashboard"].uri} for 15 minutes.
    6. Watch the Cloud Monitoring dashboard "CryptoSignalTracker pipeline": https://console.cloud.google.com/monitoring/dashboards?project=${var.project_id}
    7. Ship a new version:    terraform output -raw build_command   (or push to the branch the trigger watches)
  EOT
}

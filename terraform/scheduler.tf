# Cloud Scheduler calls the private MacroEngine every 5 minutes with an OIDC token; Cloud Run
# checks the token before the request reaches the function.

resource "google_service_account" "scheduler" {
  project      = var.project_id
  account_id   = "${var.name_prefix}-scheduler"
  display_name = "CryptoSignalTracker scheduler"
  description  = "OIDC identity of the MacroEngine schedule; may only invoke the MacroEngine."

  # A fresh project: the IAM API must be on before an account can be made.
  depends_on = [google_project_service.apis]
}

resource "google_cloud_run_v2_service_iam_member" "scheduler_invokes_macro_engine" {
  project  = var.project_id
  location = module.function["macro_engine"].location
  name     = module.function["macro_engine"].service_name
  role     = "roles/run.invoker"
  member   = "serviceAccount:${google_service_account.scheduler.email}"
}

resource "google_cloud_scheduler_job" "macro_engine" {
  project          = var.project_id
  region           = var.region
  name             = "${var.name_prefix}-macro-engine-every-5-min"
  description      = "Runs the MacroEngine: Kraken 5m and 4h candles -> bias in Firestore and macro-bias-updates."
  schedule         = var.macro_schedule
  time_zone        = var.scheduler_time_zone
  attempt_deadline = "180s"

  retry_config {
    # The next run is 5 minutes away; one retry covers a cold start or a transient Kraken error.
    retry_count          = 1
    min_backoff_duration = "15s"
    max_backoff_duration = "60s"
  }

  http_target {
    http_method = "POST"
    uri         = module.function["macro_engine"].uri
    headers = {
      "Content-Type" = "application/json"
    }
    body = base64encode(jsonencode({ source = "cloud-scheduler" }))

    oidc_token {
      service_account_email = google_service_account.scheduler.email
      audience              = module.function["macro_engine"].uri
    }
  }

  depends_on = [
    google_project_service.apis,
    google_cloud_run_v2_service_iam_member.scheduler_invokes_macro_engine,
  ]
}

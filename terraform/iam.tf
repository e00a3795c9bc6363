# What each function's own service account may do, each role on the narrowest resource that
# carries it. Only *_iam_member resources: they add one member and never overwrite grants made by
# anyone else (unlike *_iam_binding / *_iam_policy). Pub/Sub publish rights are granted in
# pubsub.tf (publisher_members, on each topic); secret access in the function_service module (on
# each secret the service reads); invoker rights where the caller is defined.

locals {
  # function key => Bigtable role on the instance.
  bigtable_roles = {
    ingestor         = "roles/bigtable.reader" # on start, resumes after the newest stored candle (IngestorResume)
    aggregator       = "roles/bigtable.user"   # writes partial and closed candles
    logic_engine     = "roles/bigtable.reader" # indicator warm-up reads recent candles
    notifier         = "roles/bigtable.reader" # chart for the alert
    telegram_webhook = "roles/bigtable.reader" # /chart and the Chart button
    chart_renderer   = "roles/bigtable.reader"
    dashboard        = "roles/bigtable.reader" # charts and the status; read-only
  }

  # Functions that read and write Firestore (positions, bias, alert records, dedupe; the
  # Aggregator keeps partial candles per batch and its publish claims there).
  # With candle_store = "firestore" the candles are Firestore documents too, and the ChartRenderer
  # reads them there.
  firestore_users = toset(concat(
    ["aggregator", "logic_engine", "macro_engine", "notifier", "telegram_webhook"],
    local.use_bigtable ? [] : ["chart_renderer"],
  ))

  # Functions that only read Firestore: the Ingestor reads the LogicEngine's watermark on start (and, with
  # candle_store = "firestore", the candles after it) to resume after the stored minutes; the dashboard
  # reads positions, closed trades, bias, the watermark (and the candles with candle_store = "firestore").
  # Neither writes anything there (the dashboard's session is a signed cookie, not a document).
  firestore_readers = ["ingestor", "dashboard"]
}

resource "google_bigtable_instance_iam_member" "functions" {
  for_each = local.use_bigtable ? local.bigtable_roles : {}

  project  = var.project_id
  instance = google_bigtable_instance.main[0].name
  role     = each.value
  member   = module.function[each.key].service_account_member
}

resource "google_project_iam_member" "firestore" {
  for_each = local.firestore_users

  project = var.project_id
  role    = "roles/datastore.user"
  member  = module.function[each.value].service_account_member

  condition {
    title       = "only-${replace(each.value, "_", "-")}-database"
    description = "Limits Firestore access to the (default) database."
    expression  = "resource.name == \"${local.firestore_database_name}\""
  }
}

resource "google_project_iam_member" "firestore_read" {
  for_each = toset(local.firestore_readers)

  project = var.project_id
  role    = "roles/datastore.viewer"
  member  = module.function[each.value].service_account_member

  condition {
    title       = "only-${replace(each.value, "_", "-")}-database-read"
    description = "Limits Firestore read access to the (default) database."
    expression  = "resource.name == \"${local.firestore_database_name}\""
  }
}

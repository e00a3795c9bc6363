# Observability: log-based metrics (counted from the functions' JSON logs), alert policies and a
# dashboard. Why log-based metrics and not OpenTelemetry to Cloud Monitoring: every event we count
# is already a log line the functions write anyway; counting it in Cloud Logging needs no exporter,
# no monitoring.metricWriter role on any service account, no extra start-up work in a function that
# scales from zero, and no metric lost when an instance is frozen between requests (a periodic
# OTel exporter on request-billed Cloud Run can lose its last interval). The price is a delay of
# about a minute and log volume, which is small here (see docs/deploy.md for the fields).

locals {
  service_regex = "^${var.name_prefix}-"
  run_logs      = "resource.type=\"cloud_run_revision\" AND resource.labels.service_name=~\"${local.service_regex}\""

  notification_channels = concat(
    [for c in google_monitoring_notification_channel.email : c.id],
    var.notification_channel_ids,
  )

  dead_letter_subscriptions = [
    module.topic_raw_ticks.dead_letter_subscription_name,
    module.topic_candles.dead_letter_subscription_name,
    module.topic_signals.dead_letter_subscription_name,
    module.topic_macro_bias.dead_letter_subscription_name,
  ]
}

resource "google_monitoring_notification_channel" "email" {
  for_each = toset(var.notification_emails)

  project      = var.project_id
  display_name = "CryptoSignalTracker alerts to ${each.value}"
  type         = "email"
  labels = {
    email_address = each.value
  }

  depends_on = [google_project_service.apis]
}

# ---------------------------------------------------------------- log-based metrics

resource "google_logging_metric" "trade_batches_published" {
  project     = var.project_id
  name        = "${var.name_prefix}_trade_batches_published"
  description = "Trade batches the Ingestor published to raw-tick-data-bybit (event=trade_batch_published)."
  filter      = "${local.run_logs} AND jsonPayload.event=\"trade_batch_published\""

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    unit        = "1"
    labels {
      key         = "symbol"
      value_type  = "STRING"
      description = "Exchange symbol, e.g. BTCUSDT."
    }
  }
  label_extractors = {
    symbol = "EXTRACT(jsonPayload.symbol)"
  }

  depends_on = [google_project_service.apis]
}

resource "google_logging_metric" "candles_closed" {
  project     = var.project_id
  name        = "${var.name_prefix}_candles_closed"
  description = "1-minute candles the Aggregator declared closed (event=candle_closed)."
  filter      = "${local.run_logs} AND jsonPayload.event=\"candle_closed\""

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    unit        = "1"
    labels {
      key         = "symbol"
      value_type  = "STRING"
      description = "Exchange symbol, e.g. BTCUSDT."
    }
  }
  label_extractors = {
    symbol = "EXTRACT(jsonPayload.symbol)"
  }

  depends_on = [google_project_service.apis]
}

resource "google_logging_metric" "candle_close_latency" {
  project     = var.project_id
  name        = "${var.name_prefix}_candle_close_latency"
  description = "Milliseconds from a candle's close time to the Aggregator declaring it closed (jsonPayload.latency_ms of candle_closed)."
  filter      = "${local.run_logs} AND jsonPayload.event=\"candle_closed\" AND jsonPayload.latency_ms>=0"

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "DISTRIBUTION"
    unit        = "ms"
  }
  value_extractor = "EXTRACT(jsonPayload.latency_ms)"

  bucket_options {
    exponential_buckets {
      num_finite_buckets = 24
      growth_factor      = 2
      scale              = 10
    }
  }

  depends_on = [google_project_service.apis]
}

resource "google_logging_metric" "signals_emitted" {
  project     = var.project_id
  name        = "${var.name_prefix}_signals_emitted"
  description = "Signals and exits published to trade-signals-micro (event=signal_emitted)."
  filter      = "${local.run_logs} AND jsonPayload.event=\"signal_emitted\""

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    unit        = "1"
    labels {
      key        = "symbol"
      value_type = "STRING"
    }
    labels {
      key         = "kind"
      value_type  = "STRING"
      description = "Signal kind as logged (e.g. micro entry, swing entry, exit)."
    }
  }
  label_extractors = {
    symbol = "EXTRACT(jsonPayload.symbol)"
    kind   = "EXTRACT(jsonPayload.kind)"
  }

  depends_on = [google_project_service.apis]
}

resource "google_logging_metric" "signal_latency" {
  project     = var.project_id
  name        = "${var.name_prefix}_signal_latency"
  description = "Milliseconds from the deciding candle's close time to the signal being published (jsonPayload.latency_ms of signal_emitted)."
  filter      = "${local.run_logs} AND jsonPayload.event=\"signal_emitted\" AND jsonPayload.latency_ms>=0"

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "DISTRIBUTION"
    unit        = "ms"
  }
  value_extractor = "EXTRACT(jsonPayload.latency_ms)"

  bucket_options {
    exponential_buckets {
      num_finite_buckets = 24
      growth_factor      = 2
      scale              = 10
    }
  }

  depends_on = [google_project_service.apis]
}

resource "google_logging_metric" "telegram_send_failed" {
  project     = var.project_id
  name        = "${var.name_prefix}_telegram_send_failed"
  description = "Telegram Bot API calls that failed after retries (event=telegram_send_failed)."
  filter      = "${local.run_logs} AND jsonPayload.event=\"telegram_send_failed\""

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    unit        = "1"
    labels {
      key        = "function"
      value_type = "STRING"
    }
  }
  label_extractors = {
    function = "EXTRACT(jsonPayload.function)"
  }

  depends_on = [google_project_service.apis]
}

resource "google_logging_metric" "error_logs" {
  project     = var.project_id
  name        = "${var.name_prefix}_error_logs"
  description = "Log entries at ERROR or worse from any of the services (including crashes Cloud Run logs itself)."
  filter      = "${local.run_logs} AND severity>=ERROR"

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    unit        = "1"
    labels {
      key        = "service"
      value_type = "STRING"
    }
  }
  label_extractors = {
    service = "EXTRACT(resource.labels.service_name)"
  }

  depends_on = [google_project_service.apis]
}

# ---------------------------------------------------------------- alert policies

resource "google_monitoring_alert_policy" "stale_market_data" {
  project               = var.project_id
  display_name          = "CryptoSignalTracker: no candle for a symbol for ${var.stale_candle_minutes} minutes"
  combiner              = "OR"
  notification_channels = local.notification_channels

  conditions {
    display_name = "candles_closed absent per symbol"
    condition_absent {
      filter   = "resource.type = \"cloud_run_revision\" AND metric.type = \"logging.googleapis.com/user/${google_logging_metric.candles_closed.name}\""
      duration = "${var.stale_candle_minutes * 60}s"
      aggregations {
        alignment_period     = "60s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
        group_by_fields      = ["metric.label.symbol"]
      }
      trigger {
        count = 1
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "A symbol that had candles has closed none for ${var.stale_candle_minutes} minutes. Check the Ingestor (websocket, trade_batch_published) and the Aggregator (errors, the raw-tick-data-bybit dead-letter subscription). A symbol that never produced a candle is not covered by this alert."
  }
}

resource "google_monitoring_alert_policy" "ingestor_silent" {
  project               = var.project_id
  display_name          = "CryptoSignalTracker: Ingestor published nothing for ${var.ingestor_silent_minutes} minutes"
  combiner              = "OR"
  notification_channels = local.notification_channels

  conditions {
    display_name = "trade_batches_published absent"
    condition_absent {
      filter   = "resource.type = \"cloud_run_revision\" AND metric.type = \"logging.googleapis.com/user/${google_logging_metric.trade_batches_published.name}\""
      duration = "${var.ingestor_silent_minutes * 60}s"
      aggregations {
        alignment_period     = "60s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
      }
      trigger {
        count = 1
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "The Ingestor has published no trade batch. Look at the ${module.function["ingestor"].service_name} service's logs and revisions in Cloud Run; Bybit may also be down or refusing this region."
  }
}

resource "google_monitoring_alert_policy" "ingestor_unhealthy" {
  project               = var.project_id
  display_name          = "CryptoSignalTracker: Ingestor health probe failing"
  combiner              = "OR"
  notification_channels = local.notification_channels

  conditions {
    display_name = "Cloud Run reports a failed startup or liveness probe"
    condition_matched_log {
      filter = "resource.type=\"cloud_run_revision\" AND resource.labels.service_name=\"${module.function["ingestor"].service_name}\" AND log_id(\"run.googleapis.com/varlog/system\") AND textPayload=~\"(?i)probe failed\""
    }
  }

  alert_strategy {
    notification_rate_limit {
      period = "300s"
    }
    auto_close = "1800s"
  }

  documentation {
    mime_type = "text/markdown"
    content   = "Cloud Run could not get 200 from /health on the Ingestor and will restart the instance. See the revision's logs."
  }
}

resource "google_monitoring_alert_policy" "dead_letters" {
  project               = var.project_id
  display_name          = "CryptoSignalTracker: messages in a dead-letter topic"
  combiner              = "OR"
  notification_channels = local.notification_channels

  conditions {
    display_name = "undelivered messages in a dead-letter holding subscription"
    condition_threshold {
      filter          = "resource.type = \"pubsub_subscription\" AND metric.type = \"pubsub.googleapis.com/subscription/num_undelivered_messages\" AND resource.label.subscription_id = one_of(${join(", ", [for s in local.dead_letter_subscriptions : "\"${s}\""])})"
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"
      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_MAX"
        cross_series_reducer = "REDUCE_MAX"
        group_by_fields      = ["resource.label.subscription_id"]
      }
      trigger {
        count = 1
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "A message failed delivery ${var.pubsub_delivery.max_delivery_attempts} times and was moved to a dead-letter topic. Read it with `gcloud pubsub subscriptions pull SUBSCRIPTION --limit=10` (the alert names the subscription; it ends in -dead-letter-hold), fix the cause, then acknowledge it."
  }
}

resource "google_monitoring_alert_policy" "error_log_rate" {
  project               = var.project_id
  display_name          = "CryptoSignalTracker: more than ${var.error_logs_per_5_minutes} error logs in 5 minutes"
  combiner              = "OR"
  notification_channels = local.notification_channels

  conditions {
    display_name = "ERROR log entries per service"
    condition_threshold {
      filter          = "resource.type = \"cloud_run_revision\" AND metric.type = \"logging.googleapis.com/user/${google_logging_metric.error_logs.name}\""
      comparison      = "COMPARISON_GT"
      threshold_value = var.error_logs_per_5_minutes
      duration        = "0s"
      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
        group_by_fields      = ["metric.label.service"]
      }
      trigger {
        count = 1
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "A service is logging errors. In Logs Explorer: `resource.type=\"cloud_run_revision\" severity>=ERROR` and the service name from this alert."
  }
}

resource "google_monitoring_alert_policy" "telegram_send_failures" {
  project               = var.project_id
  display_name          = "CryptoSignalTracker: Telegram sends failing"
  combiner              = "OR"
  notification_channels = local.notification_channels

  conditions {
    display_name = "telegram_send_failed in 5 minutes"
    condition_threshold {
      filter          = "resource.type = \"cloud_run_revision\" AND metric.type = \"logging.googleapis.com/user/${google_logging_metric.telegram_send_failed.name}\""
      comparison      = "COMPARISON_GT"
      threshold_value = var.telegram_failures_per_5_minutes
      duration        = "0s"
      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
        group_by_fields      = ["metric.label.function"]
      }
      trigger {
        count = 1
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "Alerts are not reaching Telegram. Common causes: a revoked bot token (add a new secret version and redeploy), the bot removed from the chat, or rate limiting (retry_after in the logged error)."
  }
}

# ---------------------------------------------------------------- dashboard

locals {
  metric_prefix = "logging.googleapis.com/user"

  dashboard_tiles = [
    { title = "Candles closed per minute, by symbol", filter = "metric.type=\"${local.metric_prefix}/${google_logging_metric.candles_closed.name}\" resource.type=\"cloud_run_revision\"", aligner = "ALIGN_SUM", reducer = "REDUCE_SUM", group = ["metric.label.symbol"], period = "60s" },
    { title = "Signals per minute, by kind", filter = "metric.type=\"${local.metric_prefix}/${google_logging_metric.signals_emitted.name}\" resource.type=\"cloud_run_revision\"", aligner = "ALIGN_SUM", reducer = "REDUCE_SUM", group = ["metric.label.kind"], period = "60s" },
    { title = "Trade batches published per minute, by symbol", filter = "metric.type=\"${local.metric_prefix}/${google_logging_metric.trade_batches_published.name}\" resource.type=\"cloud_run_revision\"", aligner = "ALIGN_SUM", reducer = "REDUCE_SUM", group = ["metric.label.symbol"], period = "60s" },
    { title = "Candle close latency p95 (ms after the minute ends)", filter = "metric.type=\"${local.metric_prefix}/${google_logging_metric.candle_close_latency.name}\" resource.type=\"cloud_run_revision\"", aligner = "ALIGN_DELTA", reducer = "REDUCE_PERCENTILE_95", group = [], period = "300s" },
    { title = "Signal latency p95 (ms after the candle closes)", filter = "metric.type=\"${local.metric_prefix}/${google_logging_metric.signal_latency.name}\" resource.type=\"cloud_run_revision\"", aligner = "ALIGN_DELTA", reducer = "REDUCE_PERCENTILE_95", group = [], period = "300s" },
    { title = "Request latency p95 by service (ms)", filter = "metric.type=\"run.googleapis.com/request_latencies\" resource.type=\"cloud_run_revision\" resource.label.service_name=starts_with(\"${var.name_prefix}-\")", aligner = "ALIGN_DELTA", reducer = "REDUCE_PERCENTILE_95", group = ["resource.label.service_name"], period = "300s" },
    { title = "Requests per second by service and response class", filter = "metric.type=\"run.googleapis.com/request_count\" resource.type=\"cloud_run_revision\" resource.label.service_name=starts_with(\"${var.name_prefix}-\")", aligner = "ALIGN_RATE", reducer = "REDUCE_SUM", group = ["resource.label.service_name", "metric.label.response_code_class"], period = "60s" },
    { title = "Error log entries per minute, by service", filter = "metric.type=\"${local.metric_prefix}/${google_logging_metric.error_logs.name}\" resource.type=\"cloud_run_revision\"", aligner = "ALIGN_SUM", reducer = "REDUCE_SUM", group = ["metric.label.service"], period = "60s" },
    { title = "Telegram send failures", filter = "metric.type=\"${local.metric_prefix}/${google_logging_metric.telegram_send_failed.name}\" resource.type=\"cloud_run_revision\"", aligner = "ALIGN_SUM", reducer = "REDUCE_SUM", group = ["metric.label.function"], period = "300s" },
    { title = "Undelivered messages by subscription (dead-letter holds should be 0)", filter = "metric.type=\"pubsub.googleapis.com/subscription/num_undelivered_messages\" resource.type=\"pubsub_subscription\"", aligner = "ALIGN_MAX", reducer = "REDUCE_MAX", group = ["resource.label.subscription_id"], period = "60s" },
  ]
}

resource "google_monitoring_dashboard" "pipeline" {
  project = var.project_id
  dashboard_json = jsonencode({
    displayName = "CryptoSignalTracker pipeline"
    mosaicLayout = {
      columns = 12
      tiles = [
        for i, t in local.dashboard_tiles : {
          xPos   = (i % 2) * 6
          yPos   = floor(i / 2) * 4
          width  = 6
          height = 4
          widget = {
            title = t.title
            xyChart = {
              dataSets = [{
                plotType = "LINE"
                timeSeriesQuery = {
                  timeSeriesFilter = {
                    filter = t.filter
                    aggregation = {
                      alignmentPeriod    = t.period
                      perSeriesAligner   = t.aligner
                      crossSeriesReducer = t.reducer
                      groupByFields      = t.group
                    }
                  }
                }
              }]
            }
          }
        }
      ]
    }
  })

  depends_on = [google_project_service.apis]
}

# ---------------------------------------------------------------- budget (optional)

resource "google_billing_budget" "monthly" {
  count = var.billing_account_id == null ? 0 : 1

  billing_account = var.billing_account_id
  display_name    = "CryptoSignalTracker ${var.project_id}"

  budget_filter {
    projects = ["projects/${local.project_number}"]
  }

  amount {
    specified_amount {
      currency_code = var.budget_currency
      units         = tostring(floor(var.monthly_budget))
    }
  }

  threshold_rules {
    threshold_percent = 0.5
  }
  threshold_rules {
    threshold_percent = 0.9
  }
  threshold_rules {
    threshold_percent = 1.0
  }

  all_updates_rule {
    monitoring_notification_channels = local.notification_channels
    disable_default_iam_recipients   = false
  }

  depends_on = [google_project_service.apis]
}

# The four topics of the pipeline. Each push subscription delivers to one function's Cloud Run
# URL (path "/") with an OIDC token; the host there accepts the Pub/Sub push envelope.

locals {
  delivery = {
    max_delivery_attempts = var.pubsub_delivery.max_delivery_attempts
    minimum_backoff       = var.pubsub_delivery.minimum_backoff
    maximum_backoff       = var.pubsub_delivery.maximum_backoff
    retention             = var.pubsub_delivery.retention
  }

  # Push timeout = ack deadline; keep it at least the receiving service's request timeout.
  push_to = {
    for k in ["aggregator", "logic_engine", "notifier"] : k => {
      service_name         = module.function[k].service_name
      service_location     = module.function[k].location
      push_endpoint        = module.function[k].uri
      invoker_account_id   = "${var.name_prefix}-push-${replace(k, "_", "-")}"
      ack_deadline_seconds = max(60, coalesce(local.overrides[k].timeout_seconds, local.functions[k].timeout))
    }
  }
}

# Trade batches from the Ingestor; ordering key = symbol, so the Aggregator sees a symbol's
# batches in order (it is still idempotent when they are redelivered).
module "topic_raw_ticks" {
  source = "./modules/pubsub_topic"

  project_id     = var.project_id
  project_number = local.project_number
  topic_name     = "raw-tick-data-bybit"
  labels         = var.labels

  dead_letter_publisher_members = {
    aggregator = module.function["aggregator"].service_account_member
  }

  publisher_members = {
    ingestor = module.function["ingestor"].service_account_member
  }

  push_subscriptions = {
    aggregator = merge(local.push_to["aggregator"], local.delivery, { message_ordering = true })
  }

  depends_on = [google_project_service.apis]
}

# One event per closed candle.
module "topic_candles" {
  source = "./modules/pubsub_topic"

  project_id     = var.project_id
  project_number = local.project_number
  topic_name     = "candles-1m"
  labels         = var.labels

  dead_letter_publisher_members = {
    logic_engine = module.function["logic_engine"].service_account_member
  }

  publisher_members = {
    aggregator = module.function["aggregator"].service_account_member
  }

  push_subscriptions = {
    logic_engine = merge(local.push_to["logic_engine"], local.delivery, { message_ordering = false })
  }

  depends_on = [google_project_service.apis]
}

# Entry signals (MICRO and SWING) and EXIT events, all from the LogicEngine: the MacroEngine records SWING
# intents in Firestore and the LogicEngine opens them through the one portfolio.
module "topic_signals" {
  source = "./modules/pubsub_topic"

  project_id     = var.project_id
  project_number = local.project_number
  topic_name     = "trade-signals-micro"
  labels         = var.labels

  dead_letter_publisher_members = {
    notifier = module.function["notifier"].service_account_member
  }

  publisher_members = {
    logic_engine = module.function["logic_engine"].service_account_member
  }

  push_subscriptions = {
    notifier = merge(local.push_to["notifier"], local.delivery, { message_ordering = false })
  }

  depends_on = [google_project_service.apis]
}

# Macro bias changes: the LogicEngine publishes each bias it decides on the pipeline's own Bybit
# candles (the biases a backtest lists); the MacroEngine republishes each symbol's stored bias every
# run as a safety net (role CrossCheck) or publishes its own (role Decide). No function subscribes;
# anything you add later should be a push_subscriptions entry here so it gets the same dead-letter
# and retry policy.
module "topic_macro_bias" {
  source = "./modules/pubsub_topic"

  project_id     = var.project_id
  project_number = local.project_number
  topic_name     = "macro-bias-updates"
  labels         = var.labels

  publisher_members = {
    logic_engine = module.function["logic_engine"].service_account_member
    macro_engine = module.function["macro_engine"].service_account_member
  }

  depends_on = [google_project_service.apis]
}

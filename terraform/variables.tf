# Every setting a user may change. Only project_id has no default.

variable "project_id" {
  description = "Google Cloud project to deploy into (must have billing enabled)."
  type        = string
}

variable "region" {
  description = "Region for Cloud Run, Artifact Registry, Cloud Scheduler and Pub/Sub push. Bybit refuses connections from some countries (the US among them), so the default is in Europe."
  type        = string
  default     = "europe-west1"
}

variable "name_prefix" {
  description = "Prefix of service, service-account and secret names (lower case, 2-8 characters), so several deployments can share a project."
  type        = string
  default     = "cst"

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,7}$", var.name_prefix))
    error_message = "name_prefix must be 2-8 characters of a-z and 0-9, starting with a letter."
  }
}

variable "labels" {
  description = "Labels put on every resource (used to filter the bill)."
  type        = map(string)
  default = {
    app = "cryptosignaltracker"
  }
}

variable "enable_apis" {
  description = "Enable the Google APIs this deployment needs. Turn off if your organisation enables APIs another way."
  type        = bool
  default     = true
}

# ---------------------------------------------------------------- images

variable "artifact_repository_id" {
  description = "Artifact Registry (Docker) repository that holds one image per function."
  type        = string
  default     = "cryptosignaltracker"
}

variable "image_tag" {
  description = "Tag of the images the services are first created from. Cloud Build pushes every build as :BUILD_ID and :latest, then rolls services forward by digest; Terraform does not roll them back."
  type        = string
  default     = "latest"
}

variable "image_overrides" {
  description = "Full image reference per function key (e.g. { notifier = \"europe-west1-docker.pkg.dev/p/r/notifier@sha256:...\" }), to create a service from a specific build."
  type        = map(string)
  default     = {}
}

variable "images_to_keep" {
  description = "Most recent versions of each image that the repository's cleanup policy keeps; older ones are deleted after 30 days."
  type        = number
  default     = 10
}

# ---------------------------------------------------------------- what the pipeline watches

variable "trading_config" {
  description = "Strategy, macro, bias-filter and risk settings as the JSON `cst backtest --config` takes (the Logic__TradingConfig environment variable of the LogicEngine and MacroEngine). Empty = the defaults, as in a backtest without --config."
  type        = string
  default     = ""

  validation {
    condition     = var.trading_config == "" || can(jsondecode(var.trading_config))
    error_message = "trading_config must be empty or a JSON object (see README: the strategy settings)."
  }
}

variable "symbols" {
  description = "Bybit USDT perpetuals to watch (the SYMBOLS environment variable)."
  type        = list(string)
  default     = ["BTCUSDT", "SOLUSDT", "ETHUSDT", "XRPUSDT", "DOGEUSDT", "SEIUSDT", "LINKUSDT", "SUIUSDT", "ADAUSDT"]

  validation {
    condition     = length(var.symbols) > 0 && alltrue([for s in var.symbols : can(regex("^[A-Z0-9]{2,20}$", s))])
    error_message = "symbols must be a non-empty list of upper-case exchange symbols such as BTCUSDT."
  }
}

variable "telegram_owner_chat_ids" {
  description = "Telegram user ids allowed to command the bot and receive alerts (TELEGRAM_OWNER_CHAT_IDS), at least one. Not secret, so not in Secret Manager. Owners are people, so their ids are positive (a group's chat id is negative and cannot be an owner)."
  type        = list(string)
  # No default: the webhook's /health answers 503 without an owner (its startup probe would fail
  # and with it the service creation), so plan refuses an empty or negative list instead.

  validation {
    condition     = length(var.telegram_owner_chat_ids) > 0 && alltrue([for id in var.telegram_owner_chat_ids : can(regex("^[1-9][0-9]{0,18}$", id))])
    error_message = "telegram_owner_chat_ids needs at least one Telegram user id, each a positive number as a string (e.g. [\"123456789\"] from @userinfobot); group chat ids (negative) cannot be owners."
  }
}

variable "use_gemini_api_key" {
  description = "Give the MacroEngine GEMINI_API_KEY from Secret Manager. Set true only after adding a version to the secret: Cloud Run refuses to start a revision whose secret has no version."
  type        = bool
  default     = false
}

variable "use_cryptocompare_api_key" {
  description = "Give the MacroEngine CRYPTOCOMPARE_API_KEY (the backup data source) from Secret Manager. Set true only after adding a version to the secret."
  type        = bool
  default     = false
}

# ---------------------------------------------------------------- services

variable "function_overrides" {
  description = "Per-function Cloud Run settings, keyed by function key (ingestor, aggregator, logic_engine, macro_engine, notifier, telegram_webhook, chart_renderer, dashboard). Anything left out keeps the defaults in services.tf."
  type = map(object({
    cpu             = optional(string)
    memory          = optional(string)
    min_instances   = optional(number)
    max_instances   = optional(number)
    concurrency     = optional(number)
    timeout_seconds = optional(number)
    ingress         = optional(string)
    function_target = optional(string) # FUNCTION_TARGET; the host finds the only function type when unset
  }))
  default = {}
}

variable "chart_renderer_invokers" {
  description = "IAM members allowed to call the private ChartRenderer (e.g. { me = \"user:you@example.com\" })."
  type        = map(string)
  default     = {}
}

variable "webhook_invoker_iam_disabled" {
  description = "Make the public services (the Telegram webhook and the dashboard) public by switching off Cloud Run's invoker check (invoker_iam_disabled) instead of granting roles/run.invoker to allUsers. Set true when an organisation policy (iam.allowedPolicyMemberDomains) refuses allUsers. The webhook still checks Telegram's secret-token header; the dashboard the bot's signed link and its session cookie."
  type        = bool
  default     = false
}

variable "service_deletion_protection" {
  description = "Protect the Cloud Run services from `terraform destroy`. They hold no data, so off by default."
  type        = bool
  default     = false
}

# ---------------------------------------------------------------- Pub/Sub

variable "pubsub_delivery" {
  description = "Delivery settings shared by every push subscription: attempts before dead-lettering, redelivery backoff (Pub/Sub allows 0-600 s), and how long unacked messages are kept."
  type = object({
    max_delivery_attempts = optional(number, 10)
    minimum_backoff       = optional(string, "10s")
    maximum_backoff       = optional(string, "600s")
    retention             = optional(string, "86400s")
  })
  default = {}
}

# ---------------------------------------------------------------- candle store

variable "candle_store" {
  description = "Where the 1-minute candles live: \"bigtable\" (the design's store; one node is the smallest Bigtable cluster, ~$475 of a ~$540 monthly bill) or \"firestore\" (the (default) Firestore database, billed per read and write; see docs/deploy.md for both bills). The Aggregator, LogicEngine, Notifier, TelegramWebhook and ChartRenderer read it as CANDLE_STORE."
  type        = string
  default     = "bigtable"

  validation {
    condition     = contains(["bigtable", "firestore"], var.candle_store)
    error_message = "candle_store must be \"bigtable\" or \"firestore\"."
  }
}

# ---------------------------------------------------------------- Bigtable

variable "bigtable_instance_name" {
  description = "Bigtable instance id (the original system's name, which existing tables use). At most 27 characters, so the cluster id \"<name>-c1\" fits Bigtable's 30."
  type        = string
  default     = "cryptotracker-bigtable"

  validation {
    condition     = can(regex("^[a-z][-a-z0-9]{4,25}[a-z0-9]$", var.bigtable_instance_name))
    error_message = "bigtable_instance_name must be 6-27 characters of a-z, 0-9 and '-', starting with a letter and not ending with '-' (the cluster id appends \"-c1\" and Bigtable allows 30)."
  }
}

variable "bigtable_table_name" {
  description = "Table of 1-minute candles (row key SYMBOL#unix-seconds, family market)."
  type        = string
  default     = "market-data-1m"

  validation {
    condition     = can(regex("^[-_.a-zA-Z0-9]{1,50}$", var.bigtable_table_name))
    error_message = "bigtable_table_name must be 1-50 characters of a-z, A-Z, 0-9, '_', '-' and '.'."
  }
}

variable "bigtable_zone" {
  description = "Zone of the single Bigtable cluster; keep it in var.region."
  type        = string
  default     = "europe-west1-b"
}

variable "bigtable_storage_type" {
  description = "SSD or HDD. Both cost the same per node; HDD storage is cheaper per GB but slower to read. At this data size (about 1 GB a year for 9 symbols) the difference is cents."
  type        = string
  default     = "SSD"

  validation {
    condition     = contains(["SSD", "HDD"], var.bigtable_storage_type)
    error_message = "bigtable_storage_type must be SSD or HDD."
  }
}

variable "bigtable_num_nodes" {
  description = "Fixed node count of the cluster, used when bigtable_autoscaling is null. One node is far more than 9 symbols need; it is the minimum Bigtable sells."
  type        = number
  default     = 1

  validation {
    condition     = var.bigtable_num_nodes >= 1
    error_message = "bigtable_num_nodes must be at least 1."
  }
}

variable "bigtable_autoscaling" {
  description = "Autoscale the cluster instead of a fixed size: { min_nodes, max_nodes, cpu_target (percent, 10-80) }. null = fixed bigtable_num_nodes."
  type = object({
    min_nodes  = number
    max_nodes  = number
    cpu_target = optional(number, 60)
  })
  default = null

  validation {
    # try(): both branches of a conditional are evaluated, and the null one has no attributes.
    condition = var.bigtable_autoscaling == null ? true : try(
      var.bigtable_autoscaling.min_nodes >= 1 &&
      var.bigtable_autoscaling.min_nodes <= var.bigtable_autoscaling.max_nodes &&
      var.bigtable_autoscaling.cpu_target >= 10 &&
      var.bigtable_autoscaling.cpu_target <= 80,
      false
    )
    error_message = "bigtable_autoscaling needs 1 <= min_nodes <= max_nodes and cpu_target between 10 and 80."
  }
}

variable "bigtable_gc_max_age_days" {
  description = "Garbage-collection rule on family market: candles older than this many days are deleted."
  type        = number
  default     = 400

  validation {
    condition     = var.bigtable_gc_max_age_days >= 1
    error_message = "bigtable_gc_max_age_days must be at least 1."
  }
}

variable "bigtable_deletion_protection" {
  description = "Refuse to delete the Bigtable instance and table (on by default: it holds the candle history)."
  type        = bool
  default     = true
}

# ---------------------------------------------------------------- Firestore

variable "create_firestore_database" {
  description = "Create the (default) Firestore database in native mode. Set false if the project already has one (a project has only one (default) database)."
  type        = bool
  default     = true
}

variable "firestore_location" {
  description = "Firestore location (a region such as europe-west1, or a multi-region such as eur3). It cannot be changed later."
  type        = string
  default     = "europe-west1"
}

variable "firestore_deletion_protection" {
  description = "Protect the Firestore database from deletion (on by default: it holds positions and alert records)."
  type        = bool
  default     = true
}

# ---------------------------------------------------------------- MacroEngine schedule

variable "macro_schedule" {
  description = "Cron schedule of the Cloud Scheduler job that calls the MacroEngine."
  type        = string
  default     = "*/5 * * * *"
}

variable "scheduler_time_zone" {
  description = "Time zone the schedule is read in."
  type        = string
  default     = "Etc/UTC"
}

# ---------------------------------------------------------------- monitoring and budget

variable "notification_emails" {
  description = "E-mail addresses that get alert notifications (one e-mail channel each)."
  type        = list(string)
  default     = []
}

variable "notification_channel_ids" {
  description = "Existing Cloud Monitoring notification channels (projects/P/notificationChannels/ID) to notify as well, e.g. a Slack or SMS channel made in the console."
  type        = list(string)
  default     = []
}

variable "stale_candle_minutes" {
  description = "Alert when a symbol that had candles closes none for this many minutes (at least 2)."
  type        = number
  default     = 5

  validation {
    condition     = var.stale_candle_minutes >= 2
    error_message = "stale_candle_minutes must be at least 2 (Cloud Monitoring's shortest absence window)."
  }
}

variable "ingestor_silent_minutes" {
  description = "Alert when the Ingestor publishes no trade batch for this many minutes (at least 2)."
  type        = number
  default     = 3

  validation {
    condition     = var.ingestor_silent_minutes >= 2
    error_message = "ingestor_silent_minutes must be at least 2."
  }
}

variable "error_logs_per_5_minutes" {
  description = "Alert when one service writes more than this many ERROR-or-worse log entries in 5 minutes."
  type        = number
  default     = 10
}

variable "telegram_failures_per_5_minutes" {
  description = "Alert when more than this many Telegram sends fail in 5 minutes (0 = any failure)."
  type        = number
  default     = 0
}

variable "billing_account_id" {
  description = "Billing account id (XXXXXX-XXXXXX-XXXXXX) for the optional budget alert; null creates no budget."
  type        = string
  default     = null
}

variable "log_metric_wait" {
  description = "How long to wait after creating the log-based metrics before creating the alert policies on them (Cloud Monitoring answers 404 \"Cannot find metric(s)\" until a new metric has propagated, which Google says can take up to 10 minutes)."
  type        = string
  default     = "180s"

  validation {
    condition     = can(regex("^[0-9]+s$", var.log_metric_wait))
    error_message = "log_metric_wait must be a number of seconds such as \"180s\"."
  }
}

variable "monthly_budget" {
  description = "Monthly budget amount, in budget_currency, for the optional budget alert (alerts at 50 %, 90 % and 100 %)."
  type        = number
  default     = 600
}

variable "budget_currency" {
  description = "Currency of monthly_budget; must be the billing account's currency."
  type        = string
  default     = "USD"
}

# ---------------------------------------------------------------- Cloud Build

variable "github_repository" {
  description = "owner/name of a GitHub repository connected to Cloud Build; when set, a trigger builds and deploys every push to build_branch. Empty = no trigger (run gcloud builds submit by hand)."
  type        = string
  default     = ""

  validation {
    condition     = var.github_repository == "" || can(regex("^[^/]+/[^/]+$", var.github_repository))
    error_message = "github_repository must be empty or owner/name."
  }
}

variable "build_branch" {
  description = "Branch regex the Cloud Build trigger watches."
  type        = string
  default     = "^main$"
}

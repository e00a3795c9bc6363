# One Cloud Run service per function, each from its own image and with its own service account.
# What each one may touch is granted in iam.tf.

locals {
  # key => the function project (functions/<project>/<project>.csproj) and how it runs.
  # Plain data on purpose: tests/terraform reads this map to check the deployment's rules.
  functions = {
    ingestor = {
      project       = "Ingestor"
      always_on     = true # Bybit websocket: exactly one instance, CPU always allocated
      ingress       = "INGRESS_TRAFFIC_INTERNAL_ONLY"
      single_writer = false
      public        = false
      cpu           = "1"
      memory        = "512Mi"
      concurrency   = 10
      timeout       = 60
      max           = 1
    }
    aggregator = {
      project       = "Aggregator"
      always_on     = false
      ingress       = "INGRESS_TRAFFIC_INTERNAL_ONLY"
      single_writer = false
      public        = false
      cpu           = "1"
      memory        = "512Mi"
      concurrency   = 40
      timeout       = 60
      max           = 5
    }
    logic_engine = {
      project       = "LogicEngine"
      always_on     = false
      ingress       = "INGRESS_TRAFFIC_INTERNAL_ONLY"
      single_writer = true # the portfolio: one instance across revisions (service-level limit)
      public        = false
      cpu           = "1"
      memory        = "512Mi"
      concurrency   = 20
      timeout       = 60
      max           = 1 # one portfolio, decided in order by one instance (README: LogicEngine)
    }
    macro_engine = {
      project       = "MacroEngine"
      always_on     = false
      ingress       = "INGRESS_TRAFFIC_INTERNAL_ONLY"
      single_writer = false
      public        = false
      cpu           = "1"
      memory        = "512Mi"
      concurrency   = 1
      timeout       = 120
      max           = 1
    }
    notifier = {
      project       = "Notifier"
      always_on     = false
      ingress       = "INGRESS_TRAFFIC_INTERNAL_ONLY"
      single_writer = false
      public        = false
      cpu           = "1"
      memory        = "1Gi" # renders chart PNGs
      concurrency   = 10
      timeout       = 60
      max           = 3
    }
    telegram_webhook = {
      project       = "TelegramWebhook"
      always_on     = false
      ingress       = "INGRESS_TRAFFIC_ALL" # Telegram calls it from the internet
      single_writer = false
      public        = true # Telegram must reach it; the function checks X-Telegram-Bot-Api-Secret-Token
      cpu           = "1"
      memory        = "1Gi" # /chart renders PNGs
      concurrency   = 20
      timeout       = 60
      max           = 3
    }
    chart_renderer = {
      project       = "ChartRenderer"
      always_on     = false
      ingress       = "INGRESS_TRAFFIC_INTERNAL_ONLY"
      single_writer = false
      public        = false
      cpu           = "1"
      memory        = "1Gi"
      concurrency   = 10
      timeout       = 60
      max           = 2
    }
    dashboard = {
      project       = "Dashboard"
      always_on     = false
      ingress       = "INGRESS_TRAFFIC_ALL" # a phone's browser opens it from the bot's /dashboard link
      single_writer = false
      public        = true # browsers send no identity token: the app admits only the bot's signed links and its session cookie
      cpu           = "1"
      memory        = "512Mi"
      concurrency   = 40
      timeout       = 60
      max           = 2
    }
  }

  # Which secrets each function reads as environment variables (keys of local.secrets).
  function_secrets = {
    ingestor         = []
    aggregator       = []
    logic_engine     = []
    macro_engine     = concat(var.use_gemini_api_key ? ["gemini_api_key"] : [], var.use_cryptocompare_api_key ? ["cryptocompare_api_key"] : [])
    notifier         = ["telegram_bot_token"]
    telegram_webhook = ["telegram_bot_token", "telegram_webhook_secret", "dashboard_link_key"] # signs /dashboard links
    chart_renderer   = []
    dashboard        = ["dashboard_link_key"] # checks the links, signs its session cookie
  }

  # The dashboard's address, for the bot's /dashboard links (Telegram:Bot:DashboardUrl). Cloud Run's
  # deterministic URL (https://SERVICE-PROJECT_NUMBER.REGION.run.app): module.function["dashboard"].uri
  # cannot be used in the webhook's own module call (one for_each module, a cycle).
  dashboard_url = "https://${var.name_prefix}-dashboard-${local.project_number}.${var.region}.run.app"

  common_env = {
    GOOGLE_CLOUD_PROJECT    = var.project_id
    CANDLE_STORE            = var.candle_store
    BIGTABLE_INSTANCE       = local.use_bigtable ? google_bigtable_instance.main[0].name : ""
    BIGTABLE_TABLE          = local.use_bigtable ? google_bigtable_table.candles[0].name : ""
    SYMBOLS                 = join(",", var.symbols)
    TELEGRAM_OWNER_CHAT_IDS = join(",", var.telegram_owner_chat_ids)
  }

  # Functions behind a push subscription forward a permanently bad message to the topic's
  # dead-letter topic themselves, with the reason as an attribute (the host's Hosting:DeadLetterTopic);
  # the name follows modules/pubsub_topic ("<topic>-dead-letter").
  dead_letter_env = {
    aggregator   = { Hosting__DeadLetterTopic = "raw-tick-data-bybit-dead-letter" }
    logic_engine = { Hosting__DeadLetterTopic = "candles-1m-dead-letter" }
    notifier     = { Hosting__DeadLetterTopic = "trade-signals-micro-dead-letter" }
  }

  no_override = {
    cpu             = null
    memory          = null
    min_instances   = null
    max_instances   = null
    concurrency     = null
    timeout_seconds = null
    ingress         = null
    function_target = null
  }
  overrides = { for k in keys(local.functions) : k => merge(local.no_override, try(var.function_overrides[k], {})) }
}

module "function" {
  source   = "./modules/function_service"
  for_each = local.functions

  project_id         = var.project_id
  region             = var.region
  function_name      = each.value.project
  service_name       = "${var.name_prefix}-${replace(each.key, "_", "-")}"
  service_account_id = "${var.name_prefix}-${replace(each.key, "_", "-")}"
  image              = lookup(var.image_overrides, each.key, "${local.image_base}/${lower(each.value.project)}:${var.image_tag}")

  always_on            = each.value.always_on
  public               = each.value.public
  invoker_iam_disabled = each.value.public && var.webhook_invoker_iam_disabled
  scaling = {
    min_instances = coalesce(local.overrides[each.key].min_instances, 0)
    max_instances = coalesce(local.overrides[each.key].max_instances, each.value.max)
  }
  resources = {
    cpu    = coalesce(local.overrides[each.key].cpu, each.value.cpu)
    memory = coalesce(local.overrides[each.key].memory, each.value.memory)
  }
  concurrency     = coalesce(local.overrides[each.key].concurrency, each.value.concurrency)
  timeout_seconds = coalesce(local.overrides[each.key].timeout_seconds, each.value.timeout)
  # Internal only except the webhook and the dashboard: Pub/Sub push and Cloud Scheduler from this
  # project count as internal traffic; the internet gets 404 before IAM is even asked. The two public
  # ones check their callers themselves (Telegram's secret header; the bot's signed link, then a cookie).
  ingress       = coalesce(local.overrides[each.key].ingress, each.value.ingress)
  single_writer = each.value.single_writer

  env = merge(
    local.common_env,
    lookup(local.dead_letter_env, each.key, {}),
    contains(["logic_engine", "macro_engine", "dashboard"], each.key) && var.trading_config != "" ? { Logic__TradingConfig = var.trading_config } : {},
    each.key == "telegram_webhook" ? { Telegram__Bot__DashboardUrl = local.dashboard_url } : {},
    local.overrides[each.key].function_target == null ? {} : { FUNCTION_TARGET = local.overrides[each.key].function_target },
  )
  secret_env = {
    for s in local.function_secrets[each.key] : local.secrets[s].env => {
      secret = google_secret_manager_secret.secrets[s].secret_id
    }
  }

  # ChartRenderer is private; whoever should call it is listed in var.chart_renderer_invokers.
  # Push identities and the scheduler get their invoker grants where they are defined.
  invoker_members     = each.key == "chart_renderer" ? var.chart_renderer_invokers : tomap({})
  deletion_protection = var.service_deletion_protection
  labels              = var.labels

  depends_on = [google_project_service.apis]
}

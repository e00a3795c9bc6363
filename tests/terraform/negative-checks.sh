#!/usr/bin/env bash
# Proves the structural test can fail: breaks one rule at a time in a temporary copy of terraform/
# and expects structure.test.mjs to fail with "RULE BROKEN: <that rule>". Exits non-zero if any
# broken copy passes or fails for another reason. Run by scripts/check-terraform.sh.
set -uo pipefail
cd "$(dirname "$0")/../.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
count=0

# expect NAME RULE FILE EDIT   (FILE is under terraform/, or "cloudbuild.yaml"; EDIT is a sed
# script, or APPEND:<text> to add a block at the end)
expect() {
  local name=$1 rule=$2 file=$3 edit=$4
  count=$((count + 1))
  rm -rf "$work/tf" "$work/cloudbuild.yaml" && cp -r terraform "$work/tf" && cp cloudbuild.yaml "$work/cloudbuild.yaml"
  local target=$work/tf/$file
  [[ $file == cloudbuild.yaml ]] && target=$work/cloudbuild.yaml
  if [[ $edit == APPEND:* ]]; then printf '\n%s\n' "${edit#APPEND:}" >>"$target"; else sed -i "$edit" "$target"; fi
  if diff -rq terraform "$work/tf" >/dev/null && diff -q cloudbuild.yaml "$work/cloudbuild.yaml" >/dev/null; then
    echo "FAIL  $name: the edit changed nothing (update this check)"; failures=$((failures + 1)); return
  fi
  local out
  out=$(TERRAFORM_DIR="$work/tf" CLOUDBUILD_FILE="$work/cloudbuild.yaml" node --test "tests/terraform/structure.test.mjs" 2>&1)
  if [[ $? -eq 0 ]]; then
    echo "FAIL  $name: structural test passed on a broken copy"; failures=$((failures + 1))
  elif ! grep -qF "RULE BROKEN: $rule" <<<"$out"; then
    echo "FAIL  $name: test failed, but not with \"RULE BROKEN: $rule\""; failures=$((failures + 1))
  else
    echo "ok    $name -> RULE BROKEN: $rule"
  fi
}

expect "dead-letter policy removed" "every subscription has a dead-letter policy" \
  modules/pubsub_topic/main.tf '/^  dead_letter_policy {/,/^  }/d'
expect "retry policy removed" "every subscription has a dead-letter policy" \
  modules/pubsub_topic/main.tf '/^  retry_policy {/,/^  }/d'
expect "allUsers on a private service" "no allUsers except the webhook and the dashboard" iam.tf 'APPEND:resource "google_cloud_run_v2_service_iam_member" "oops" {
  name   = "cst-notifier"
  role   = "roles/run.invoker"
  member = "allUsers"
}'
expect "notifier made public" "no allUsers except the webhook and the dashboard" \
  services.tf '/^    notifier = {/,/^    }/s/public\( *\)= false/public\1= true/'
expect "iam_binding used" "no _iam_binding or _iam_policy" iam.tf 'APPEND:resource "google_pubsub_topic_iam_binding" "b" {
  topic   = "x"
  role    = "roles/pubsub.publisher"
  members = ["user:a@b.c"]
}'
expect "scheduler uses oauth_token" "the Scheduler job uses OIDC" scheduler.tf 's/oidc_token {/oauth_token {/'
expect "GC rule removed" "the Bigtable family has a GC rule" bigtable.tf '/^resource "google_bigtable_gc_policy"/,/^}/d'
expect "Bigtable protection off by default" "the Bigtable family has a GC rule" \
  variables.tf '/variable "bigtable_deletion_protection"/,/^}/s/default     = true/default     = false/'
expect "undeclared secret named" "every secret referenced is declared" \
  services.tf 's/notifier         = \["telegram_bot_token"\]/notifier         = ["telegram_bot_tokn"]/'
expect "secret version in Terraform" "every secret referenced is declared" main.tf 'APPEND:resource "google_secret_manager_secret_version" "v" {
  secret      = google_secret_manager_secret.secrets["telegram_bot_token"].id
  secret_data = "do-not"
}'
expect "one service account shared" "each function has its own service account" \
  services.tf 's/service_account_id = "${var.name_prefix}-${replace(each.key, "_", "-")}"/service_account_id = "${var.name_prefix}-shared"/'
expect "variable without description" "every input is a typed variable with a description" \
  variables.tf '0,/description = "Region for Cloud Run/{/description = "Region for Cloud Run/d}'
expect "provider without upper bound" "pinned provider versions" \
  versions.tf 's/version = ">= 7.0.0, < 8.0.0"/version = ">= 7.0.0"/'
expect "Ingestor not always on" "Ingestor always on with health probes" \
  services.tf '0,/always_on *= true/s/always_on\( *\)= true/always_on\1= false/'
expect "function missing from the build" "Cloud Build builds the functions Terraform defines" \
  cloudbuild.yaml 's/ ChartRenderer / /'
expect "floating SDK image in Cloud Build" "SDK and images pinned together" \
  cloudbuild.yaml 's#dotnet/sdk:10.0.401#dotnet/sdk:10.0#'
expect "module input missing from its README" "modules documented and exemplified" \
  modules/function_service/variables.tf 'APPEND:variable "undocumented" {
  description = "x"
  type        = string
  default     = ""
}'
expect "module gains a required input the example lacks" "modules documented and exemplified" \
  modules/pubsub_topic/variables.tf 'APPEND:variable "required_new" {
  description = "x"
  type        = string
}'
expect "manual builds tagged with COMMIT_SHA" "Cloud Build builds the functions Terraform defines" \
  cloudbuild.yaml 's/\$BUILD_ID/$COMMIT_SHA/g'

expect "probe path back to /healthz" "probes use the host health path" \
  modules/function_service/variables.tf 's#default     = "/health"#default     = "/healthz"#'
expect "liveness probe on a literal path" "probes use the host health path" \
  modules/function_service/main.tf '/liveness_probe {/,/^      }/s#path = var.health_path#path = "/healthz"#'

expect "owner list back to a default of []" "owner chat ids validated at plan" \
  variables.tf '/variable "telegram_owner_chat_ids"/,/^}/s/^  type        = list(string)$/  type        = list(string)\n  default     = []/'
expect "negative owner ids allowed" "owner chat ids validated at plan" \
  variables.tf 's/\^\[1-9\]\[0-9\]{0,18}\$/^-?[0-9]+$/'
expect "user-image annotation not ignored" "Cloud Build changes ignored" \
  modules/function_service/main.tf '/template\[0\].annotations\["client.knative.dev\/user-image"\],/d'
expect "aggregator open to the internet" "internal ingress except the webhook and the dashboard" \
  services.tf '/^    aggregator = {/,/^    }/s/INGRESS_TRAFFIC_INTERNAL_ONLY/INGRESS_TRAFFIC_ALL/'
expect "module ingress default back to ALL" "internal ingress except the webhook and the dashboard" \
  modules/function_service/variables.tf 's/default     = "INGRESS_TRAFFIC_INTERNAL_ONLY"/default     = "INGRESS_TRAFFIC_ALL"/'
expect "gcs backend removed" "state in a gcs backend" versions.tf '/backend "gcs" {}/d'
expect "scheduler account races the APIs" "service accounts wait for the APIs" \
  scheduler.tf '/resource "google_service_account" "scheduler"/,/^}/{/depends_on/d}'
expect "alert policy without the wait" "alerts wait for log metrics" \
  monitoring.tf '/resource "google_monitoring_alert_policy" "stale_market_data"/,/^}/{/depends_on = \[time_sleep/d}'
expect "LogicEngine not a single writer" "single writer limited at service level" \
  services.tf '/^    logic_engine = {/,/^    }/s/single_writer = true/single_writer = false/'
expect "legacy max_age block" "the Bigtable family has a GC rule" bigtable.tf 'APPEND:resource "google_bigtable_gc_policy" "legacy" {
  instance_name = "i"
  table         = google_bigtable_table.candles[0].name
  column_family = "market"
  max_age {
    duration = "24h"
  }
}'
expect "Ingestor may write candles" "Ingestor reads the stores read-only" \
  iam.tf 's|ingestor         = "roles/bigtable.reader"|ingestor         = "roles/bigtable.user"|'
expect "Ingestor cannot read the watermark" "Ingestor reads the stores read-only" \
  iam.tf 's|firestore_readers = \["ingestor", "dashboard"\]|firestore_readers = ["dashboard"]|'
expect "Ingestor may write Firestore" "Ingestor reads the stores read-only" \
  iam.tf 's|\["aggregator", "logic_engine", "macro_engine"|["ingestor", "aggregator", "logic_engine", "macro_engine"|'

expect "dashboard given a Bigtable write role" "the dashboard reads only" \
  iam.tf 's/dashboard        = "roles\/bigtable.reader"/dashboard        = "roles\/bigtable.user"/'
expect "dashboard among the Firestore writers" "the dashboard reads only" \
  iam.tf 's/"notifier", "telegram_webhook"\]/"notifier", "telegram_webhook", "dashboard"]/'
expect "Firestore readers given datastore.user" "the dashboard reads only" \
  iam.tf '/resource "google_project_iam_member" "firestore_read"/,/^}/s/roles\/datastore.viewer/roles\/datastore.user/'
expect "dashboard granted a write role directly" "the dashboard reads only" iam.tf 'APPEND:resource "google_project_iam_member" "oops" {
  project = var.project_id
  role    = "roles/datastore.user"
  member  = module.function["dashboard"].service_account_member
}'
expect "dashboard internal-only (a phone cannot reach it)" "internal ingress except the webhook and the dashboard" \
  services.tf '/^    dashboard = {/,/^    }/s/INGRESS_TRAFFIC_ALL/INGRESS_TRAFFIC_INTERNAL_ONLY/'
expect "webhook without the dashboard's address" "the bot links to the dashboard" services.tf '/Telegram__Bot__DashboardUrl/d'
expect "dashboard without the link key" "the bot links to the dashboard" \
  services.tf 's/dashboard        = \["dashboard_link_key"\]/dashboard        = []/'

if [[ $failures -eq 0 ]]; then
  echo "negative checks: all $count broken copies were rejected with the right rule"
else
  echo "negative checks: $failures of $count broken copies were not rejected as expected" >&2
  exit 1
fi

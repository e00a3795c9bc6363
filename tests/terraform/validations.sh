#!/usr/bin/env bash
# Runs the root module's variable validations for real: terraform plan on a copy of variables.tf
# alone (no resources, so no provider to download and nothing to contact). Each case must be
# refused naming the variable, or accepted. Run by scripts/check-terraform.sh.
set -uo pipefail
cd "$(dirname "$0")/../.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "${TERRAFORM_DIR:-terraform}/variables.tf" "$work/"
export TF_CLI_CONFIG_FILE=${TF_CLI_CONFIG_FILE:-/dev/null}
if ! terraform -chdir="$work" init -backend=false -input=false >/dev/null 2>"$work/init.err"; then
  cat "$work/init.err" >&2; exit 1
fi

failures=0
count=0
owner='-var=telegram_owner_chat_ids=["123456789"]'

# case NAME refused|accepted VARIABLE ARGS...
case_() {
  local name=$1 expected=$2 variable=$3; shift 3
  count=$((count + 1))
  local out rc
  out=$(terraform -chdir="$work" plan -input=false -no-color -lock=false -var=project_id=p "$@" 2>&1); rc=$?
  if [[ $expected == accepted ]]; then
    if [[ $rc -eq 0 ]]; then echo "ok    $name: accepted"; else echo "FAIL  $name: refused"; echo "$out" | sed 's/^/      /'; failures=$((failures + 1)); fi
  elif [[ $rc -ne 0 ]] && grep -q "var.$variable" <<<"$out"; then
    echo "ok    $name: refused naming var.$variable"
  else
    echo "FAIL  $name: expected plan to refuse var.$variable"; echo "$out" | sed 's/^/      /'; failures=$((failures + 1))
  fi
}

# Issue 16 item 2: an empty or negative owner list makes the webhook's /health 503 and its service
# creation fail, so plan must refuse it.
case_ "no owners"                     refused  telegram_owner_chat_ids '-var=telegram_owner_chat_ids=[]'
case_ "a group (negative) as owner"   refused  telegram_owner_chat_ids '-var=telegram_owner_chat_ids=["-1001234567890"]'
case_ "an owner that is not a number" refused  telegram_owner_chat_ids '-var=telegram_owner_chat_ids=["@me"]'
case_ "one user as owner"             accepted telegram_owner_chat_ids "$owner"
case_ "two users as owners"           accepted telegram_owner_chat_ids '-var=telegram_owner_chat_ids=["123456789","987654321"]'
# The cluster id is "<instance>-c1" and Bigtable allows 30 characters.
case_ "Bigtable instance of 28 chars" refused  bigtable_instance_name "$owner" -var=bigtable_instance_name=abcdefghijklmnopqrstuvwxyz01
case_ "Bigtable instance of 27 chars" accepted bigtable_instance_name "$owner" -var=bigtable_instance_name=abcdefghijklmnopqrstuvwxyz0
case_ "unknown candle store"          refused  candle_store "$owner" -var=candle_store=sqlite
case_ "Firestore candle store"        accepted candle_store "$owner" -var=candle_store=firestore
case_ "log metric wait in minutes"    refused  log_metric_wait "$owner" -var=log_metric_wait=3m

if [[ $failures -eq 0 ]]; then
  echo "variable validations: all $count cases as expected"
else
  echo "variable validations: $failures of $count cases not as expected" >&2
  exit 1
fi

#!/usr/bin/env bash
# Checks terraform/ without the Google provider (which cannot be downloaded here, so
# `terraform init`/`validate` cannot run): `terraform fmt -check -recursive`, then the structural
# test (tests/terraform), which parses the HCL with @cdktf/hcl2json and checks the deployment rules,
# and tests/terraform/validations.sh, which runs the variables' validations with terraform plan.
# Then tests/terraform/negative-checks.sh breaks each rule in a temporary copy and expects the test
# to fail naming it. Exits non-zero when anything fails. TERRAFORM_DIR=path checks another copy of
# the folder (without the negative checks).
set -euo pipefail
cd "$(dirname "$0")/.."

tf_dir=${TERRAFORM_DIR:-terraform}
test_dir=tests/terraform
peer=$test_dir/.peer

# An empty CLI configuration: without one terraform warns that ~/.terraformrc is missing.
cli_config=$(mktemp)
trap 'rm -f "$cli_config"' EXIT
export TF_CLI_CONFIG_FILE=$cli_config

echo "== terraform fmt -check -recursive $tf_dir examples"
for dir in "$tf_dir" examples; do
  if ! terraform fmt -check -recursive "$dir"; then
    echo "terraform fmt: the files above are not formatted; run: terraform fmt -recursive $dir" >&2
    exit 1
  fi
done

# The parser is installed from the committed lock file into an ignored folder, once.
if ! cmp -s "$test_dir/package-lock.json" "$peer/package-lock.json" 2>/dev/null || [[ ! -d $peer/node_modules/@cdktf/hcl2json ]]; then
  echo "== installing @cdktf/hcl2json into $peer"
  mkdir -p "$peer"
  cp "$test_dir/package.json" "$test_dir/package-lock.json" "$peer/"
  npm ci --prefix "$peer" --no-audit --no-fund --loglevel=error
fi

echo "== structural test of $tf_dir"
TERRAFORM_DIR=$(cd "$tf_dir" && pwd) node --test --test-reporter=spec "$test_dir/structure.test.mjs"

echo "== variable validations (terraform plan on variables.tf alone)"
bash "$test_dir/validations.sh"

# Only for the real folder: prove the test still fails on each broken rule.
if [[ -z ${TERRAFORM_DIR:-} ]]; then
  echo "== negative checks (each rule broken in a temporary copy must fail the test)"
  bash "$test_dir/negative-checks.sh"
fi

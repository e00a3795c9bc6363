#!/usr/bin/env bash
# Starts and stops the Google Cloud emulators the data-plane tests run against (Pub/Sub, Bigtable,
# Firestore). Source it, then call `emulators_start` and `emulators_stop` (scripts/test.sh does).
# `emulators_start pubsub` starts only the named ones. Run directly, `scripts/emulators.sh start` starts them and prints the exports; `stop` is not offered
# that way because the process ids live in the sourcing shell.
#
# Each emulator gets a free port on 127.0.0.1, runs in its own process group (setsid, so the java
# children of the launcher scripts can be stopped with it), and logs to .emulators/<name>.log.
# Exports: PUBSUB_EMULATOR_HOST, BIGTABLE_EMULATOR_HOST, FIRESTORE_EMULATOR_HOST, CST_GCP_PROJECT,
# CST_GCLOUD_SDK_ROOT (the tests start a private Pub/Sub emulator from it).

_EMULATORS_READY_SECONDS=${EMULATORS_READY_SECONDS:-90}
_EMULATORS_STOP_SECONDS=10
_EMULATORS_PIDS=()
_EMULATORS_NAMES=()

_emulators_fail() {
  echo "emulators: $*" >&2
  return 1
}

_emulators_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

_emulators_sdk_root() {
  command -v gcloud >/dev/null 2>&1 ||
    { _emulators_fail "gcloud is not installed (apt package google-cloud-cli); .ci/run installs it in CI"; return 1; }
  local sdk
  sdk=$(gcloud info --format='value(installation.sdk_root)' 2>/dev/null) ||
    { _emulators_fail "'gcloud info' failed; cannot find the Google Cloud SDK root"; return 1; }
  [[ -d "$sdk" ]] || { _emulators_fail "gcloud reports SDK root '$sdk', which does not exist"; return 1; }
  echo "$sdk"
}

# _emulators_launch NAME LOG CMD... : start CMD in its own session/process group; record its pid.
_emulators_launch() {
  local name=$1 log=$2
  shift 2
  setsid "$@" >"$log" 2>&1 </dev/null &
  _EMULATORS_PIDS+=("$!")
  _EMULATORS_NAMES+=("$name")
}

# _emulators_wait NAME PID LOG PROBE... : wait until PROBE succeeds, the process dies, or time runs out.
_emulators_wait() {
  local name=$1 pid=$2 log=$3
  shift 3
  local deadline=$((SECONDS + _EMULATORS_READY_SECONDS))
  until "$@" >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then
      _emulators_fail "the $name emulator exited during start-up; see $log:"
      tail -n 20 "$log" >&2
      return 1
    fi
    if ((SECONDS >= deadline)); then
      _emulators_fail "the $name emulator did not answer within ${_EMULATORS_READY_SECONDS}s; see $log:"
      tail -n 20 "$log" >&2
      return 1
    fi
    sleep 0.5
  done
}

_emulators_http_probe() { curl -s -o /dev/null --max-time 2 "$1"; }
_emulators_tcp_probe() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

emulators_start() {
  # Optional arguments pick a subset: emulators_start pubsub   (default: pubsub bigtable firestore).
  local wanted=" ${*:-pubsub bigtable firestore} "
  local root sdk
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  sdk=$(_emulators_sdk_root) || return 1
  local pubsub_bin=$sdk/platform/pubsub-emulator/bin/cloud-pubsub-emulator
  local bigtable_bin=$sdk/platform/bigtable-emulator/cbtemulator
  local firestore_bin=$sdk/platform/cloud-firestore-emulator/cloud_firestore_emulator
  if [[ $wanted == *" pubsub "* ]]; then
    [[ -x "$pubsub_bin" ]] || { _emulators_fail "Pub/Sub emulator missing at $pubsub_bin (apt package google-cloud-cli-pubsub-emulator)"; return 1; }
  fi
  if [[ $wanted == *" bigtable "* ]]; then
    [[ -x "$bigtable_bin" ]] || { _emulators_fail "Bigtable emulator missing at $bigtable_bin (apt package google-cloud-cli-bigtable-emulator)"; return 1; }
  fi
  if [[ $wanted == *" firestore "* ]]; then
    [[ -x "$firestore_bin" ]] || { _emulators_fail "Firestore emulator missing at $firestore_bin (apt package google-cloud-cli-firestore-emulator)"; return 1; }
  fi
  if [[ $wanted == *" pubsub "* || $wanted == *" firestore "* ]]; then
    command -v java >/dev/null 2>&1 || { _emulators_fail "java is not installed; the Pub/Sub and Firestore emulators need it (apt package default-jre-headless)"; return 1; }
  fi

  local logs=$root/.emulators
  mkdir -p "$logs"
  local summary=""
  # Started together, waited for afterwards: the JVMs warm up in parallel.
  local pubsub_port="" pubsub_pid="" bigtable_port="" bigtable_pid="" firestore_port="" firestore_pid=""
  if [[ $wanted == *" pubsub "* ]]; then
    pubsub_port=$(_emulators_free_port)
    _emulators_launch pubsub "$logs/pubsub.log" "$pubsub_bin" --host=127.0.0.1 --port="$pubsub_port"
    pubsub_pid=$!
  fi
  if [[ $wanted == *" bigtable "* ]]; then
    bigtable_port=$(_emulators_free_port)
    _emulators_launch bigtable "$logs/bigtable.log" "$bigtable_bin" -host 127.0.0.1 -port "$bigtable_port"
    bigtable_pid=$!
  fi
  if [[ $wanted == *" firestore "* ]]; then
    firestore_port=$(_emulators_free_port)
    _emulators_launch firestore "$logs/firestore.log" "$firestore_bin" --host 127.0.0.1 --port "$firestore_port"
    firestore_pid=$!
  fi

  if [[ -n $pubsub_pid ]]; then
    _emulators_wait Pub/Sub "$pubsub_pid" "$logs/pubsub.log" \
      _emulators_http_probe "http://127.0.0.1:$pubsub_port/v1/projects/cst-probe/topics" || { emulators_stop; return 1; }
    export PUBSUB_EMULATOR_HOST=127.0.0.1:$pubsub_port
    summary+=" Pub/Sub $PUBSUB_EMULATOR_HOST (pid $pubsub_pid)"
  fi
  if [[ -n $bigtable_pid ]]; then
    _emulators_wait Bigtable "$bigtable_pid" "$logs/bigtable.log" \
      _emulators_tcp_probe "$bigtable_port" || { emulators_stop; return 1; }
    export BIGTABLE_EMULATOR_HOST=127.0.0.1:$bigtable_port
    summary+=" Bigtable $BIGTABLE_EMULATOR_HOST (pid $bigtable_pid)"
  fi
  if [[ -n $firestore_pid ]]; then
    _emulators_wait Firestore "$firestore_pid" "$logs/firestore.log" \
      _emulators_http_probe "http://127.0.0.1:$firestore_port/" || { emulators_stop; return 1; }
    export FIRESTORE_EMULATOR_HOST=127.0.0.1:$firestore_port
    summary+=" Firestore $FIRESTORE_EMULATOR_HOST (pid $firestore_pid)"
  fi

  export CST_GCP_PROJECT=${CST_GCP_PROJECT:-cst-test}
  export CST_GCLOUD_SDK_ROOT=$sdk
  echo "emulators:$summary; logs in $logs"
}

emulators_stop() {
  local i pid
  for i in "${!_EMULATORS_PIDS[@]}"; do
    pid=${_EMULATORS_PIDS[$i]}
    # The pid leads its own process group (setsid), so -pid reaches the launcher and its java child.
    kill -TERM -- "-$pid" 2>/dev/null || true
  done
  local deadline=$((SECONDS + _EMULATORS_STOP_SECONDS))
  for i in "${!_EMULATORS_PIDS[@]}"; do
    pid=${_EMULATORS_PIDS[$i]}
    while kill -0 -- "-$pid" 2>/dev/null && ((SECONDS < deadline)); do
      sleep 0.2
    done
    if kill -0 -- "-$pid" 2>/dev/null; then
      echo "emulators: the ${_EMULATORS_NAMES[$i]} emulator (process group $pid) ignored SIGTERM; killing it" >&2
      kill -KILL -- "-$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done
  _EMULATORS_PIDS=()
  _EMULATORS_NAMES=()
  unset PUBSUB_EMULATOR_HOST BIGTABLE_EMULATOR_HOST FIRESTORE_EMULATOR_HOST
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  case "${1:-}" in
    start)
      shift
      emulators_start "$@"
      echo "export PUBSUB_EMULATOR_HOST=${PUBSUB_EMULATOR_HOST:-} BIGTABLE_EMULATOR_HOST=${BIGTABLE_EMULATOR_HOST:-}" \
        "FIRESTORE_EMULATOR_HOST=${FIRESTORE_EMULATOR_HOST:-} CST_GCP_PROJECT=$CST_GCP_PROJECT CST_GCLOUD_SDK_ROOT=$CST_GCLOUD_SDK_ROOT"
      echo "emulators: running until this script is interrupted (Ctrl+C stops them)"
      trap emulators_stop EXIT
      trap 'exit 0' INT TERM
      while true; do sleep 3600 & wait $!; done
      ;;
    *)
      echo "usage: source scripts/emulators.sh; emulators_start; ...; emulators_stop   (or: scripts/emulators.sh start [pubsub] [bigtable] [firestore])" >&2
      exit 2
      ;;
  esac
fi

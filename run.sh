#!/usr/bin/env bash
# Supervision: start the whole platform with the demo city (Jining), or a helper command.
#   ./run.sh [--Supervision:...]   start everything (settings as in AppHost/appsettings.json); Ctrl+C stops everything
#   ./run.sh token ROLE [DIVISION] print a development token (roles: intake-clerk dispatcher handler oversight-officer auditor plan-staff inspector target-unit-contact evaluation-officer)
#   ./run.sh bench [ARGS]          run the intake benchmark against the running platform
#   ./run.sh bench draw [--draws N]  time the evaluation draw algorithm alone (no platform needed)
#   ./run.sh bench footprint [--idle S] [--Supervision:...]  start the platform (built), time it to healthy, measure
#                                  its memory (PSS) when idle, the four largest processes, and stop it
#   ./run.sh bench bulletin [--cases 1000000 --month 2026-10 --runs 10 --reuse --postgres CONNSTRING]
#                                  time the monthly bulletin over a generated data set in a database of its own
#                                  (supervision_bench_bulletin) on ./run.sh's PostgreSQL or --postgres; --reuse keeps the data set
#   ./run.sh bench ramp [--from 50 --step 50 --step-duration 20]  the highest rate holding submit → assigned p99 ≤ 1 s
#   ./run.sh bench overload [--rate 2x --capacity R --duration 60]  offer twice the capacity: accepted, refused, in time
#   ./run.sh bench ranking [--members N --units N --scores-per-member N --rate R]  the live ranking: score to watcher, p50/p99
#   ./run.sh chaos                 the fault ledger: 10,000 reports through broker, database and instance faults, on a
#                                  platform of its own (ports 22xxx; a running ./run.sh is not touched); table at the end
#   ./run.sh reset                 delete the platform's data folder (.data/): every report is lost
# On start the banner lists every address (defaults; --Supervision:Ports:* moves them):
#   dashboard http://127.0.0.1:18888
#   intake    gRPC 127.0.0.1:21101 (supervision.intake.v1)   health http://127.0.0.1:21100/health
#   routing   gRPC 127.0.0.1:21201 (supervision.routing.v1)  health http://127.0.0.1:21200/health
#   inspection gRPC 127.0.0.1:21301 (supervision.inspection.v1)  health http://127.0.0.1:21300/health
#   reporting gRPC 127.0.0.1:21501 (supervision.reporting.v1) health http://127.0.0.1:21500/health
#   evaluation gRPC 127.0.0.1:21401 (supervision.evaluation.v1) health http://127.0.0.1:21400/health
# contracts/Supervision.Reference is a library every service shares, not a service: it has no address.
set -euo pipefail
cd "$(dirname "$0")"
source eng/prerequisites.sh
supervision_require_dotnet

case "${1:-start}" in
  token)
    shift
    exec dotnet run --project tools/Supervision.DevTokens -v q -- "$@"
    ;;
  bench)
    shift
    if [ "${1:-}" = footprint ]; then
      shift
      exec bash eng/footprint.sh "$@"
    fi
    exec dotnet run -c Release --project tests/Supervision.Benchmarks -- "$@"
    ;;
  chaos)
    shift
    supervision_install_servers
    echo "Building..."
    dotnet build tests/Supervision.Chaos.Tests -c Release -v q -nologo -clp:ErrorsOnly
    result="$(mktemp)"
    # The test assembly runs itself (xUnit v3): progress goes to stderr as it happens, the table to $result.
    status=0
    SUPERVISION_CHAOS="${SUPERVISION_CHAOS:-full}" SUPERVISION_CHAOS_RESULT="$result" \
      dotnet tests/Supervision.Chaos.Tests/bin/Release/net10.0/Supervision.Chaos.Tests.dll "$@" || status=$?
    echo
    cat "$result"
    rm -f "$result"
    exit "$status"
    ;;
  reset)
    pgrep -f Supervision.AppHost.dll >/dev/null && { echo "Stop the platform first." >&2; exit 1; }
    # PostgreSQL's data may live outside the checkout (when the postgres user cannot reach .data/).
    relocated=$(cat .data/postgres-location 2>/dev/null || true)
    case "$relocated" in
      /var/lib/supervision/*/postgres) rm -rf "$(dirname "$relocated")" && echo "Removed ${relocated%/postgres}/." ;;
    esac
    rm -rf .data && echo "Removed .data/: the next start begins with an empty platform."
    exit 0
    ;;
  start) [ $# -gt 0 ] && shift ;;
  -*) ;;   # AppHost settings, e.g. --Supervision:Ports:IntakeGrpc=22101
  *) echo "usage: ./run.sh [start|token ROLE [DIVISION]|bench [ARGS]|chaos|reset]" >&2; exit 2 ;;
esac

supervision_install_servers
supervision_install_document_tools
if [ "${SUPERVISION_SKIP_BUILD:-}" != 1 ]; then
  echo "Building..."
  dotnet build AppHost/Supervision.AppHost.csproj -c Release -v q -nologo -clp:ErrorsOnly
  # The services' ReadyToRun copies (ADR 15), the first time a few minutes, then only what the build changed.
  bash eng/ready-to-run.sh Release
fi

# The AppHost prints the addresses (from the settings it builds the platform with), watches every resource, and
# when one fails, names it, shows the end of its log and exits non-zero.
cd AppHost
export ASPNETCORE_URLS="${SUPERVISION_DASHBOARD_URL:-http://127.0.0.1:18888}"
export ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL="${SUPERVISION_OTLP_URL:-http://127.0.0.1:18889}"
export ASPIRE_ALLOW_UNSECURED_TRANSPORT=true
export ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true
export ASPIRE_VERSION_CHECK_DISABLED=true
export DOTNET_ENVIRONMENT="${DOTNET_ENVIRONMENT:-Development}"

# Every process of this run carries SUPERVISION_RUN_ID (given to the AppHost only, not to this script): after the
# AppHost exits, this script waits until none is left, so that a new start finds every server stopped.
run_id="${SUPERVISION_BENCH_RUN_ID:-$(cat /proc/sys/kernel/random/uuid)}"   # the footprint bench names its run
stop_timeout="${SUPERVISION_STOP_TIMEOUT:-30}"
marked_processes() {
  grep -lsF "SUPERVISION_RUN_ID=$run_id" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3 || true
}
# Some servers overwrite their environment with their process title (redis-server, PostgreSQL's workers), so the
# run's processes are the marked ones and their descendants, noted while they run; each with its start time, so
# that a number reused by an unrelated process later is not mistaken for one of them.
declare -A tracked=()
start_time() { local stat; stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1; stat=${stat##*) }; set -- $stat; [ "$1" != Z ] && echo "${20}"; }
track() {
  local roots pid st
  roots=$(marked_processes | tr '\n' ' ')
  [ -n "${roots// /}" ] || return 0
  for pid in $(ps -e -o pid=,ppid= | awk -v roots="$roots" '
      BEGIN { n = split(roots, r, " "); for (i = 1; i <= n; i++) keep[r[i]] = 1 }
      { parent[$1] = $2 }
      END { do { added = 0; for (p in parent) if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; added = 1 } } while (added)
            for (p in keep) print p }'); do
    [ -n "${tracked[$pid]:-}" ] && continue
    st=$(start_time "$pid") && tracked[$pid]=$st
  done
  return 0
}
remaining=""
prune() {  # leaves the tracked processes still running in $remaining
  local pid
  remaining=""
  for pid in "${!tracked[@]}"; do
    if [ "$(start_time "$pid" 2>/dev/null)" = "${tracked[$pid]}" ]; then remaining+="$pid "; else unset "tracked[$pid]"; fi
  done
  return 0
}
describe() { local pid; for pid in "$@"; do printf '  %s %s\n' "$pid" "$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | cut -c1-100)"; done; }

# Run the built AppHost itself (not through "dotnet run") so that the stop signal reaches it; it runs in the
# background (where it ignores SIGINT), so Ctrl+C and SIGTERM reach this script, which passes SIGTERM on.
env SUPERVISION_RUN_ID="$run_id" dotnet bin/Release/net10.0/Supervision.AppHost.dll "$@" &
apphost=$!
stop_started=""
request_stop() {
  [ -n "$stop_started" ] || { stop_started=$SECONDS; echo; echo "Stopping Supervision (every server and service; up to ${stop_timeout}s)..."; }
  kill -TERM "$apphost" 2>/dev/null || true
}
trap request_stop INT TERM HUP

ticks=0
while kill -0 "$apphost" 2>/dev/null; do
  if [ $((ticks % 4)) = 0 ] || [ -n "$stop_started" ]; then track; fi
  ticks=$((ticks + 1))
  if [ -n "$stop_started" ] && [ $((SECONDS - stop_started)) -ge "$stop_timeout" ]; then
    echo "The AppHost did not stop within ${stop_timeout}s: killing it." >&2
    kill -KILL "$apphost" 2>/dev/null || true
    break
  fi
  sleep 0.5 & wait $! 2>/dev/null || true
done
status=0
wait "$apphost" 2>/dev/null || status=$?
[ -n "$stop_started" ] || stop_started=$SECONDS

# The orchestrator stops the servers after the AppHost has gone: wait for every process of this run (bounded).
announced=""
while track && prune && [ -n "$remaining" ]; do
  if [ $((SECONDS - stop_started)) -ge "$stop_timeout" ]; then
    echo "These processes of the platform did not stop within ${stop_timeout}s; killing them:" >&2
    # shellcheck disable=SC2086
    describe $remaining >&2
    # shellcheck disable=SC2086
    kill -KILL $remaining 2>/dev/null || true
    sleep 0.5
    break
  fi
  if [ -z "$announced" ] && [ $((SECONDS - stop_started)) -ge 2 ]; then
    echo "Waiting for $(wc -w <<<"$remaining") processes of the platform to stop..."
    announced=1
  fi
  sleep 0.2 & wait $! 2>/dev/null || true
done
trap - INT TERM HUP
if [ "$status" = 0 ] || [ "$status" = 143 ] || [ "$status" = 130 ]; then
  [ -n "$stop_started" ] && echo "Supervision has stopped: no process of it is left."
  # A failure the AppHost reported is its exit code; a requested stop is a success.
  exit 0
fi
echo "Supervision has stopped (the AppHost exited with $status): no process of it is left." >&2
exit "$status"

#!/usr/bin/env bash
# ./run.sh bench footprint [--idle SECONDS] [--Supervision:...]
# Builds the AppHost, then starts the platform (./run.sh with the build skipped), times it from start to every service
# instance healthy, lets it sit idle, and measures the memory of every process of the run (PSS from smaps_rollup:
# shared pages divided among the processes that share them, so the figures add up). Prints a markdown table and stops
# the platform. Other settings are passed to ./run.sh (e.g. --Supervision:Ports:IntakeHttp=...).
set -euo pipefail
cd "$(dirname "$0")/.."
idle=60
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --idle) idle="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
declare -A http=([intake]=21100 [routing]=21200 [inspection]=21300 [evaluation]=21400 [reporting]=21500)
for a in "${args[@]}"; do
  case "$a" in
    --Supervision:Ports:IntakeHttp=*) http[intake]=${a#*=} ;;
    --Supervision:Ports:RoutingHttp=*) http[routing]=${a#*=} ;;
    --Supervision:Ports:InspectionHttp=*) http[inspection]=${a#*=} ;;
    --Supervision:Ports:EvaluationHttp=*) http[evaluation]=${a#*=} ;;
    --Supervision:Ports:ReportingHttp=*) http[reporting]=${a#*=} ;;
  esac
done
source eng/prerequisites.sh
supervision_require_dotnet
supervision_install_servers
supervision_install_document_tools
echo "Building..." >&2
dotnet build AppHost/Supervision.AppHost.csproj -c Release -v q -nologo -clp:ErrorsOnly >&2
bash eng/ready-to-run.sh Release

run_id="$(cat /proc/sys/kernel/random/uuid)"
log="$(mktemp)"
started=$(date +%s.%N)
SUPERVISION_SKIP_BUILD=1 SUPERVISION_BENCH_RUN_ID="$run_id" setsid ./run.sh "${args[@]}" >"$log" 2>&1 &
runner=$!
stop() { kill -TERM "$runner" 2>/dev/null || true; wait "$runner" 2>/dev/null || true; rm -f "$log"; }
trap stop EXIT

# Every instance answers its health check through the service's port (the orchestrator's proxy spreads the checks
# over the instances; each instance's own check runs in the dashboard), and the dashboard shows every resource running.
healthy() {
  local name
  for name in "${!http[@]}"; do
    [ "$(curl -s -m 2 "http://127.0.0.1:${http[$name]}/health" 2>/dev/null)" = Healthy ] || return 1
  done
}
echo "Starting the platform; waiting for every service to be healthy..." >&2
until healthy; do
  kill -0 "$runner" 2>/dev/null || { echo "./run.sh stopped before the platform was healthy:" >&2; tail -40 "$log" >&2; exit 1; }
  sleep 0.25
done
ready=$(date +%s.%N)
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
echo "Healthy; idle for ${idle}s before measuring memory..." >&2
sleep "$idle"

# The run's processes: those carrying its id, and their descendants (PostgreSQL's workers rewrite their environment).
mapfile -t roots < <(grep -lsF "SUPERVISION_RUN_ID=$run_id" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3)
mapfile -t pids < <(ps -e -o pid=,ppid= | awk -v roots="${roots[*]}" '
  BEGIN { n = split(roots, r, " "); for (i = 1; i <= n; i++) keep[r[i]] = 1 }
  { parent[$1] = $2 }
  END { do { added = 0; for (p in parent) if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; added = 1 } } while (added)
        for (p in keep) print p }')
rows="$(mktemp)"
for pid in "${pids[@]}"; do
  pss=$(awk '/^Pss:/ { print $2 }' "/proc/$pid/smaps_rollup" 2>/dev/null) || continue
  [ -n "$pss" ] || continue
  printf '%s\t%s\n' "$pss" "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-110)" >>"$rows"
done
group() {  # kind of process, from its command line
  case "$1" in
    *Supervision.AppHost*) echo "AppHost" ;;
    *Aspire.Dashboard*) echo "dashboard" ;;
    *"dcp monitor-process"*) echo "orchestrator (DCP) process monitors" ;;
    *tools/dcp*) echo "orchestrator (DCP)" ;;
    */services/*/Supervision.*) echo "services (5 × 2 instances)" ;;
    *"dotnet run"*|*"dotnet exec"*|*/dotnet\ run*) echo "dotnet run launchers" ;;
    *postgres*) echo "PostgreSQL" ;;
    *beam.smp*|*epmd*|*erl_child*|*inet_gethost*|*rabbitmq*|*rabbit_disk*) echo "RabbitMQ" ;;
    *redis*) echo "Redis" ;;
    *) echo "other" ;;
  esac
}
total=$(awk -F'\t' '{ s += $1 } END { printf "%.0f", s / 1024 }' "$rows")
echo
echo "Footprint, measured $(date -u +%Y-%m-%d) on $(nproc) cores (load average at healthy: $load_at_start)"
echo
echo "| measure | value |"
echo "|---|---:|"
awk -v a="$started" -v b="$ready" 'BEGIN { printf "| start → every service healthy (built; includes the servers) | %.1f s |\n", b - a }'
printf '| idle memory of the whole platform (PSS, after %s s idle, %s processes) | %s MiB |\n' "$idle" "$(wc -l <"$rows")" "$total"
echo
echo "| group | processes | PSS MiB |"
echo "|---|---:|---:|"
while IFS=$'\t' read -r pss cmd; do printf '%s\t%s\n' "$(group "$cmd")" "$pss"; done <"$rows" |
  awk -F'\t' '{ n[$1]++; s[$1] += $2 } END { for (g in s) printf "| %s | %d | %.0f |\n", g, n[g], s[g] / 1024 }' | sort -t'|' -k4 -rn
echo
echo "The four largest processes:"
echo
echo "| PSS MiB | process |"
echo "|---:|---|"
sort -rn "$rows" | head -4 | awk -F'\t' '{ printf "| %.0f | `%s` |\n", $1 / 1024, $2 }'
rm -f "$rows"
echo
stopping=$(date +%s.%N)
kill -TERM "$runner" 2>/dev/null || true
wait "$runner" 2>/dev/null || true
awk -v a="$stopping" -v b="$(date +%s.%N)" 'BEGIN { printf "Stopped in %.1f s.\n", b - a }'
trap - EXIT
rm -f "$log"

#!/usr/bin/env bash
# ./run.sh with a checkout the postgres user cannot reach and PostgreSQL's port taken by another program:
# the banner lists every service, PostgreSQL's data goes where that user can reach it, and the failure is reported
# (name, end of its log, full log) with a non-zero exit, within a bound, leaving no process behind.
# Prints one line per check: "ok - ...", "not ok - ..." or "skip - ...".
set -uo pipefail
cd "$(dirname "$0")/../.."
checkout=$(pwd)
name="run.sh reports a failing PostgreSQL"
if [ ! -f AppHost/bin/Release/net10.0/Supervision.AppHost.dll ] || [ -z "$(ls -d /usr/lib/postgresql/*/bin/postgres 2>/dev/null)" ] \
   || [ ! -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || docker info >/dev/null 2>&1 || podman info >/dev/null 2>&1; then
  echo "skip - $name (needs the built AppHost and the local servers, without a container engine)"
  exit 0
fi

# Free ports, apart from the defaults (another run may be using those).
ports=($(python3 - <<'PY'
import random, socket
chosen = []
while len(chosen) < 17:
    p = random.randint(40000, 59000)
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p)); chosen.append(p)
    except OSError:
        pass
    finally:
        s.close()
print(*chosen)
PY
))
tmp=$(mktemp -d)   # 0700: the postgres user cannot traverse it
data="$tmp/data"
out="$tmp/run.out"
listener=""
cleanup() {
  [ -n "$listener" ] && kill "$listener" 2>/dev/null
  relocated=$(cat "$data/postgres-location" 2>/dev/null || true)
  case "$relocated" in /var/lib/supervision/*/postgres) rm -rf "${relocated%/postgres}" ;; esac
  rm -rf "$tmp"
}
trap cleanup EXIT

# Another program holds PostgreSQL's port.
python3 -c 'import socket,sys,time; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(); time.sleep(600)' "${ports[0]}" &
listener=$!
sleep 0.5

start=$SECONDS
SUPERVISION_SKIP_BUILD=1 SUPERVISION_STOP_TIMEOUT=30 \
SUPERVISION_DASHBOARD_URL="http://127.0.0.1:${ports[9]}" SUPERVISION_OTLP_URL="http://127.0.0.1:${ports[10]}" \
  timeout -k 5 150 ./run.sh "--Supervision:DataDirectory=$data" \
    "--Supervision:Ports:Postgres=${ports[0]}" "--Supervision:Ports:RabbitMq=${ports[1]}" \
    "--Supervision:Ports:RabbitMqDistribution=${ports[2]}" "--Supervision:Ports:Epmd=${ports[3]}" \
    "--Supervision:Ports:Redis=${ports[4]}" "--Supervision:Ports:IntakeHttp=${ports[5]}" \
    "--Supervision:Ports:IntakeGrpc=${ports[6]}" "--Supervision:Ports:RoutingHttp=${ports[7]}" \
    "--Supervision:Ports:RoutingGrpc=${ports[8]}" "--Supervision:Ports:ReportingHttp=${ports[11]}" \
    "--Supervision:Ports:ReportingGrpc=${ports[12]}" "--Supervision:Ports:InspectionHttp=${ports[13]}" \
    "--Supervision:Ports:InspectionGrpc=${ports[14]}" "--Supervision:Ports:EvaluationHttp=${ports[15]}" \
    "--Supervision:Ports:EvaluationGrpc=${ports[16]}" > "$out" 2>&1 < /dev/null
status=$?
elapsed=$((SECONDS - start))

fails=0
check() {
  if eval "$2"; then echo "ok - $1"; else echo "not ok - $1"; fails=$((fails + 1)); fi
}
check "the banner lists intake's gRPC address" "grep -q 'Intake gRPC: *127.0.0.1:${ports[6]}' '$out'"
check "the banner lists routing's gRPC address" "grep -q 'Routing gRPC: *127.0.0.1:${ports[8]}' '$out'"
check "the banner lists reporting's gRPC address" "grep -q 'Reporting gRPC: *127.0.0.1:${ports[12]}' '$out'"
check "the banner lists inspection's gRPC address" "grep -q 'Inspection gRPC: *127.0.0.1:${ports[14]}' '$out'"
check "the banner lists evaluation's gRPC address" "grep -q 'Evaluation gRPC: *127.0.0.1:${ports[16]}' '$out'"
if [ "$(id -u)" = 0 ]; then
  check "PostgreSQL's data goes where the postgres user can reach it" "grep -q 'PostgreSQL data: /var/lib/supervision/.*/postgres' '$out'"
fi
check "run.sh exits non-zero when PostgreSQL fails (exit $status, ${elapsed}s)" "[ $status != 0 ] && [ $status != 124 ] && [ $elapsed -lt 140 ]"
check "it names PostgreSQL and shows the end of its log" "grep -q 'Supervision cannot run: postgres exited with code' '$out' && grep -q 'Address already in use' '$out'"
check "it says where the full log is" "grep -qF 'Full log: $data/logs/postgres.log' '$out' && grep -q 'Address already in use' '$data/logs/postgres.log'"
check "no process of the platform is left" "! pgrep -f -- '$tmp' >/dev/null && ! pgrep -f -- '-port ${ports[3]}' >/dev/null && ! pgrep -f -- '127.0.0.1:${ports[4]}' >/dev/null && ! pgrep -f 'RABBITMQ_NODE_PORT=${ports[1]}|supervision-${ports[1]}@' >/dev/null"
if [ $fails -gt 0 ]; then
  echo "    run.sh output (last 60 lines):"
  tail -n 60 "$out" | sed 's/^/    | /'
fi

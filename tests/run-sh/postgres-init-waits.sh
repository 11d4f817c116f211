#!/usr/bin/env bash
# postgres-init waits for a previous PostgreSQL still stopping on the data folder, and gives up (clearly) after a bound.
# Prints one line per check: "ok - ...", "not ok - ..." or "skip - ...".
set -uo pipefail
cd "$(dirname "$0")/../.."
script=AppHost/LocalServers/postgres-init.sh
tmp=$(mktemp -d); trap 'kill $fake 2>/dev/null; rm -rf "$tmp"' EXIT
export PGDATA="$tmp/postgres" PGBIN=/nonexistent PGPASSWORD_INIT=x
mkdir -p "$PGDATA" && echo 15 > "$PGDATA/PG_VERSION"
check() { if [ "$1" = 0 ]; then echo "ok - $2"; else echo "not ok - $2"; printf '%s\n' "$3" | sed 's/^/    /'; fi; }

# A "postgres" that stops after 2 s: the step waits for it, then goes on.
bash -c 'exec -a postgres sleep 2' & fake=$!
echo "$fake" > "$PGDATA/postmaster.pid"
start=$SECONDS
out=$(PGWAIT_SECONDS=20 timeout 30 bash "$script" 2>&1); status=$?
elapsed=$((SECONDS - start))
[ $status = 0 ] && [ $elapsed -ge 1 ] && grep -q "still running on $PGDATA: waiting" <<<"$out" && grep -q "has stopped" <<<"$out"
check $? "postgres-init waits for the previous PostgreSQL to stop (${elapsed}s) and goes on" "$out"

# One that does not stop: the step fails within its bound, saying what to do.
bash -c 'exec -a postgres sleep 30' & fake=$!
echo "$fake" > "$PGDATA/postmaster.pid"
start=$SECONDS
out=$(PGWAIT_SECONDS=1 timeout 30 bash "$script" 2>&1); status=$?
elapsed=$((SECONDS - start))
[ $status != 0 ] && [ $elapsed -le 5 ] && grep -q "still runs on $PGDATA after 1s" <<<"$out" && grep -q "kill $fake" <<<"$out"
check $? "postgres-init gives up after its bound and names the process (exit $status, ${elapsed}s)" "$out"
kill "$fake" 2>/dev/null

# A stale postmaster.pid whose number is now another program's: no wait.
sleep 30 & other=$!
echo "$other" > "$PGDATA/postmaster.pid"
start=$SECONDS
out=$(PGWAIT_SECONDS=20 timeout 30 bash "$script" 2>&1); status=$?
elapsed=$((SECONDS - start))
kill "$other" 2>/dev/null
[ $status = 0 ] && [ $elapsed -le 2 ] && ! grep -q waiting <<<"$out"
check $? "postgres-init ignores a stale postmaster.pid naming another program" "$out"

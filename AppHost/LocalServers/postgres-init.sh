#!/usr/bin/env bash
# Prepares PostgreSQL's data folder before the server starts (run by the AppHost as "postgres-init").
#   PGDATA  the data folder        PGBIN  the server's binaries       PGPASSWORD_INIT  the superuser's password
#   PGWAIT_SECONDS  how long to wait for a previous server on this folder to finish stopping (default 30)
# As root, initdb (and later the server) run as the "postgres" user: that user must be able to reach PGDATA.
set -eu

# A server from the previous run may still be stopping (its postmaster.pid names it): starting a second one on
# the same folder would fail with 'lock file "postmaster.pid" already exists'. Wait for it, bounded.
pidfile="$PGDATA/postmaster.pid"
if [ -s "$pidfile" ]; then
  pid=$(head -n 1 "$pidfile" 2>/dev/null || true)
  limit="${PGWAIT_SECONDS:-30}"
  tenths=0
  while [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q postgres; do
    if [ "$tenths" = 0 ]; then
      echo "A PostgreSQL server (pid $pid) is still running on $PGDATA: waiting up to ${limit}s for it to stop..."
    fi
    if [ "$tenths" -ge $((limit * 10)) ]; then
      echo "PostgreSQL (pid $pid) still runs on $PGDATA after ${limit}s. Is the platform already running from this" \
           "checkout? Stop it (Ctrl+C in its terminal, or: kill $pid), then start again." >&2
      exit 1
    fi
    sleep 0.1
    tenths=$((tenths + 1))
  done
  if [ "$tenths" -gt 0 ]; then
    echo "The previous PostgreSQL server has stopped (after about $((tenths / 10))s)."
  fi
fi

mkdir -p "$PGDATA"
if [ -s "$PGDATA/PG_VERSION" ]; then echo "PostgreSQL data folder ready: $PGDATA"; exit 0; fi
if [ "$(id -u)" = 0 ]; then
  run="setpriv --reuid=postgres --regid=postgres --init-groups"
  chown postgres:postgres "$PGDATA"; chmod 700 "$PGDATA"
  if ! $run test -x "$PGDATA" -a -w "$PGDATA"; then
    echo "The postgres user cannot reach $PGDATA: every parent folder must be traversable by it (chmod o+x)," \
         "or give the platform a data folder elsewhere (--Supervision:DataDirectory=/var/lib/supervision)." >&2
    exit 1
  fi
else
  run=""
fi
pwfile=$(mktemp)
trap 'rm -f "$pwfile"' EXIT
printf '%s\n' "$PGPASSWORD_INIT" > "$pwfile"
[ -n "$run" ] && chown postgres:postgres "$pwfile"
$run "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth=scram-sha-256 --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8

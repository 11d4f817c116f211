#!/usr/bin/env bash
# Supervision: start the whole platform with the demo city (Jining), or a helper command.
#   ./run.sh                       start everything; Ctrl+C stops everything
#   ./run.sh token ROLE [DIVISION] print a development token (roles: intake-clerk dispatcher handler oversight-officer auditor)
#   ./run.sh bench [ARGS]          run the intake benchmark against the running platform
#   ./run.sh reset                 delete the platform's data folder (.data/): every report is lost
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
    exec dotnet run -c Release --project tests/Supervision.Benchmarks -- "$@"
    ;;
  reset)
    pgrep -f Supervision.AppHost.dll >/dev/null && { echo "Stop the platform first." >&2; exit 1; }
    rm -rf .data && echo "Removed .data/: the next start begins with an empty platform."
    exit 0
    ;;
  start) ;;
  *) echo "usage: ./run.sh [start|token ROLE [DIVISION]|bench [ARGS]|reset]" >&2; exit 2 ;;
esac

supervision_install_servers
echo "Building..."
dotnet build AppHost/Supervision.AppHost.csproj -c Release -v q -nologo -clp:ErrorsOnly

dashboard="${SUPERVISION_DASHBOARD_URL:-http://127.0.0.1:18888}"
cat <<INFO

Supervision is starting (Ctrl+C stops every part of it).
  Dashboard:     $dashboard   (development: bound to this machine, no login)
  Intake gRPC:   http://127.0.0.1:21101   (supervision.intake.v1; health and reflection on the same port)
  Intake health: http://127.0.0.1:21100/health
  Data folder:   $(pwd)/.data   (./run.sh reset empties it)
  A staff token: ./run.sh token intake-clerk 370883

INFO

# Run the built AppHost itself (not through "dotnet run") so that Ctrl+C and SIGTERM reach it and it
# stops every server and service it started.
cd AppHost
export ASPNETCORE_URLS="$dashboard"
export ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL="${SUPERVISION_OTLP_URL:-http://127.0.0.1:18889}"
export ASPIRE_ALLOW_UNSECURED_TRANSPORT=true
export ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true
export ASPIRE_VERSION_CHECK_DISABLED=true
export DOTNET_ENVIRONMENT="${DOTNET_ENVIRONMENT:-Development}"
exec dotnet bin/Release/net10.0/Supervision.AppHost.dll "$@"

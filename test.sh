#!/usr/bin/env bash
# Supervision: install what is missing, build, run every test; the last line is the summary.
set -uo pipefail
cd "$(dirname "$0")"
source eng/prerequisites.sh
supervision_require_dotnet
supervision_install_servers

echo "Building..."
if ! dotnet build Supervision.sln -c Release -v q -nologo -clp:ErrorsOnly; then
  echo "tests: 0 passed, 1 failed, 0 skipped"
  exit 1
fi

passed=0; failed=0; skipped=0
results=$(mktemp -d)
for project in tests/*.Tests/*.csproj tests/*.IntegrationTests/*.csproj; do
  name=$(basename "$project" .csproj)
  echo "== $name"
  log="$results/$name.log"
  dotnet test "$project" -c Release --no-build -nologo --logger "console;verbosity=normal" 2>&1 | tee "$log" | \
    grep -E '^\s+(Failed|Skipped) |^(Passed|Failed)!|Error Message|Platform under test' || true
  summary=$(grep -E '^(Passed|Failed)!' "$log" | tail -n 1)
  if [ -z "$summary" ]; then
    echo "   $name did not report results (see the output above)."
    failed=$((failed + 1))
    continue
  fi
  count() { echo "$summary" | sed -nE "s/.*$1: *([0-9]+).*/\1/p"; }
  passed=$((passed + $(count Passed))); failed=$((failed + $(count Failed))); skipped=$((skipped + $(count Skipped)))
done
rm -rf "$results"

echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]

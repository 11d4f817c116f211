#!/usr/bin/env bash
# Supervision: install what is missing, build, run every test; the last line is the summary.
set -uo pipefail
cd "$(dirname "$0")"
source eng/prerequisites.sh
supervision_require_dotnet
supervision_install_servers
supervision_install_document_tools

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
  dotnet test "$project" -c Release --no-build -nologo --logger "console;verbosity=normal" > "$log" 2>&1
  # Show what matters: the platform mode, the test servers' mode and start times, and every failed or
  # skipped test with its message and stack.
  grep -E 'Platform under test' "$log" | head -n 1
  grep -E 'Test servers: ' "$log" | head -n 5
  awk '/^  (Passed|Failed|Skipped) [A-Za-z]/ { show = ($1 != "Passed") } /^(Test Run|Total tests)/ { show = 0 } show' "$log" | head -n 400
  if ! grep -qE '^Total tests: *[0-9]+' "$log"; then
    tail -n 40 "$log"
    echo "   $name did not report results."
    failed=$((failed + 1))
    continue
  fi
  count() { sed -nE "s/^ +$1: *([0-9]+).*/\1/p" "$log" | tail -n 1; }
  p=$(count Passed); f=$(count Failed); s=$(count Skipped)
  echo "   passed ${p:-0}, failed ${f:-0}, skipped ${s:-0}"
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
done
rm -rf "$results"

# Checks of ./run.sh and its helpers: each script prints "ok - ...", "not ok - ..." or "skip - ..." per check.
for script in tests/run-sh/*.sh; do
  echo "== run-sh/$(basename "$script" .sh)"
  out=$(timeout -k 5 180 bash "$script" 2>&1); rc=$?
  p=$(grep -c '^ok - ' <<<"$out"); f=$(grep -c '^not ok - ' <<<"$out"); s=$(grep -c '^skip - ' <<<"$out")
  grep -v '^ok - ' <<<"$out" | head -n 100
  if [ "$rc" != 0 ] || [ $((p + f + s)) = 0 ]; then
    echo "   $script ended with $rc$([ "$rc" = 124 ] && echo ' (timed out)')."
    f=$((f + 1))
  fi
  echo "   passed $p, failed $f, skipped $s"
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
done

echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]

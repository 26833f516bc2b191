#!/usr/bin/env bash
# Runs every test suite of Parley on a fresh Debian machine with the .NET 10 SDK and Node 20:
# installs what the tests need, then runs the web client's unit tests and every .NET test project
# (hub tests on loopback Kestrel, browser end-to-end tests in headless Chromium).
# Ends with the totals of all suites on one line: "N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

passed=0 failed=0 skipped=0
status=0

step() { printf '\n==> %s\n' "$*"; }

step "Installing test dependencies"
if ! eng/install-test-deps.sh; then
  echo "error: could not install the Debian packages the tests need" >&2
  exit 1
fi

step "Web client: npm ci"
if ! (cd src/Parley.Web && npm ci --no-audit --no-fund); then
  echo "error: npm ci failed in src/Parley.Web" >&2
  exit 1
fi

step "Web client: unit tests (Vitest)"
(cd src/Parley.Web && npx vitest run --reporter=default --reporter=json --outputFile="$results/vitest.json") || status=1
if [ -f "$results/vitest.json" ]; then
  read -r p f s < <(node -e '
    const r = require(process.argv[1]);
    console.log(r.numPassedTests, r.numFailedTests + (r.numRuntimeErrorTestSuites || 0), r.numPendingTests + r.numTodoTests);
  ' "$results/vitest.json")
  passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
else
  echo "error: Vitest wrote no results" >&2
  failed=$((failed + 1))
fi

step ".NET: build"
if ! dotnet build Parley.slnx -c Release -warnaserror; then
  echo "error: the .NET build failed" >&2
  failed=$((failed + 1))
  status=1
else
  step ".NET: tests"
  dotnet test Parley.slnx -c Release --no-build --logger "console;verbosity=normal" 2>&1 | tee "$results/dotnet.log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  # One summary line per test assembly: "Passed!  - Failed: 0, Passed: 57, Skipped: 0, Total: 57, ..."
  read -r p f s < <(grep -E '^(Passed|Failed)! +- Failed:' "$results/dotnet.log" | awk -F'[:,]' '
    { f += $2; p += $4; s += $6; n++ }
    END { printf "%d %d %d %d\n", p, f, s, n }')
  passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
  assemblies=$(grep -cE '^(Passed|Failed)! +- Failed:' "$results/dotnet.log" || true)
  expected=$(grep -c '<Project Path="test/' Parley.slnx)
  if [ "$assemblies" -ne "$expected" ]; then
    echo "error: $expected test projects, but only $assemblies reported results" >&2
    failed=$((failed + 1))
    status=1
  fi
fi

[ "$failed" -eq 0 ] || status=1
echo
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
exit $status

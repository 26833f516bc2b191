#!/usr/bin/env bash
# Runs every test suite of Parley on a fresh Debian machine with the .NET 10 SDK and Node 20:
# installs what the tests need, then runs the web client's unit tests and lint, and every .NET test project
# (signaling tests on loopback Kestrel, browser end-to-end tests in headless Chromium), then publishes the native-AOT
# release once and runs the TURN interop, relay-only and TURN-over-TLS calls and the release tests against that
# executable. Soaks (trait Category=Soak), allocation counts (Category=Allocation) and the eight-browser screenshots
# (Category=Screenshots) have their own commands (README, "Test it").
# Ends with the totals of all suites on one line: "N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

passed=0 failed=0 skipped=0
status=0

step() { printf '\n==> %s\n' "$*"; }
# count NAME: the value of attribute NAME in $counters, a TRX <Counters> element.
count() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }

# run_tests PROJECT NAME FILTER: runs the tests of one built project that FILTER selects and adds their totals (NAME.trx).
run_tests() {
  local project=$1 name=$2 filter=$3
  dotnet test "$project" -c Release --no-build --filter "$filter" --logger "console;verbosity=normal" \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results/trx" || status=1
  if [ ! -f "$results/trx/$name.trx" ]; then
    echo "error: $name reported no results" >&2
    failed=$((failed + 1))
    return
  fi
  # The TRX file's <Counters> element holds the project's totals.
  counters=$(grep -o '<Counters [^>]*>' "$results/trx/$name.trx")
  passed=$((passed + $(count passed)))
  failed=$((failed + $(count failed) + $(count error) + $(count timeout) + $(count aborted)))
  skipped=$((skipped + $(count notExecuted)))
}

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

# The lint counts as one suite: one passed when ESLint finds nothing, one failed otherwise.
step "Web client: lint (ESLint)"
if (cd src/Parley.Web && npm run lint); then
  passed=$((passed + 1))
else
  echo "error: ESLint found problems in src/Parley.Web (npm run lint)" >&2
  failed=$((failed + 1))
  status=1
fi

step ".NET: build"
if ! dotnet build Parley.slnx -c Release; then
  echo "error: the .NET build failed" >&2
  failed=$((failed + 1))
  status=1
else
  # One project at a time: the browser tests get both cores of a small machine to themselves.
  # The release tests (Category=Release) need the published executable: they run in the native-AOT pass below.
  for project in $(grep -o 'Path="test/[^"]*\.Tests\.csproj"' Parley.slnx | cut -d'"' -f2); do
    name=$(basename "$project" .csproj)
    step ".NET: $name"
    run_tests "$project" "$name" "Category!=Soak&Category!=Allocation&Category!=Screenshots&Category!=Release"
  done

  # The web client is already in dist/ from the build above.
  step ".NET: publish the native-AOT release (eng/publish-aot.sh)"
  if binary=$(eng/publish-aot.sh "$results/aot" -p:SkipWebClientBuild=true); then
    step ".NET: Parley.Server.Tests against the native-AOT executable"
    export PARLEY_SERVER_BINARY=$binary
    run_tests test/Parley.Server.Tests/Parley.Server.Tests.csproj Parley.Server.Tests.aot "Category=Binary|Category=Release"
    unset PARLEY_SERVER_BINARY
  else
    echo "error: the native-AOT publish failed" >&2
    failed=$((failed + 1))
    status=1
  fi
fi

[ "$failed" -eq 0 ] || status=1
if [ "$failed" -gt 0 ]; then
  step "What failed"
  node eng/failed-tests.js "$results"/trx/*.trx "$results/vitest.json"
fi
echo
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
exit $status

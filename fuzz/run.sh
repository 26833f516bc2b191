#!/usr/bin/env bash
# Fuzzes one target of the TURN server: fuzz/run.sh <stun|framing|router> [seconds, default 600]
#
# With afl++ (Debian package afl++) and the sharpfuzz instrumentation tool (NuGet dotnet tool
# SharpFuzz.CommandLine, installed here into fuzz/.tools): Parley.Turn.dll is instrumented and afl-fuzz runs the
# target in SharpFuzz persistent mode, seeded from fuzz/corpus/<target>; findings land in fuzz/findings/<target>.
# Without them (or with FUZZ_ENGINE=inprocess): the coverage-blind in-process mutation loop, same corpus.
# A crash is a bug: reproduce it with
#   dotnet run --project fuzz/Parley.Turn.Fuzz -c Release -- <target> --replay fuzz/findings/<target>/.../<file>
# (not from fuzz/.build: instrumented code crashes outside AFL's run loop)
# then fix it and keep the input as fuzz/corpus/<target>/crash-<what>, which the test command replays from then on.
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:-}
seconds=${2:-600}
case "$target" in
  stun|framing|router) ;;
  *) echo "usage: fuzz/run.sh <stun|framing|router> [seconds]" >&2; exit 2 ;;
esac

build=fuzz/.build
findings=fuzz/findings/$target
rm -rf "$build"
dotnet publish fuzz/Parley.Turn.Fuzz -c Release -o "$build" --nologo -v quiet

engine=${FUZZ_ENGINE:-afl}
if [ "$engine" = afl ]; then
  if ! command -v afl-fuzz >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ || true
    fi
  fi
  if [ ! -x fuzz/.tools/sharpfuzz ]; then
    dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path fuzz/.tools >/dev/null || true
  fi
  if ! command -v afl-fuzz >/dev/null || [ ! -x fuzz/.tools/sharpfuzz ]; then
    echo "afl-fuzz or sharpfuzz is missing: falling back to the in-process mutation loop" >&2
    engine=inprocess
  fi
fi

if [ "$engine" = inprocess ]; then
  exec dotnet "$build/Parley.Turn.Fuzz.dll" "$target" --mutate "$seconds" "fuzz/corpus/$target" "$findings"
fi

# Only the code under test is instrumented: the harness and the runtime would only add noise to the coverage map.
fuzz/.tools/sharpfuzz "$build/Parley.Turn.dll"
mkdir -p "$findings"
# dotnet is not an afl-instrumented binary (SharpFuzz reports coverage itself), and a shared test machine has
# neither a crash-dump-free core_pattern nor a performance CPU governor to insist on.
export AFL_SKIP_BIN_CHECK=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1
afl-fuzz -V "$seconds" -t 5000 -m none -i "fuzz/corpus/$target" -o "$findings" -- dotnet "$build/Parley.Turn.Fuzz.dll" "$target"
crashes=$(find "$findings" -path '*crashes/id*' | wc -l)
echo "$target: $crashes crashing inputs in $findings"
[ "$crashes" -eq 0 ]

#!/usr/bin/env bash
# Start-up time and idle memory of Parley's two builds, side by side in one run: the native-AOT release
# (eng/publish-aot.sh) and the JIT build (dotnet build -c Release, run with `dotnet parley.dll`).
# For each build and node kind, RUNS fresh processes, alternating builds: the time from the process's start to the
# first 200 from /readyz (every readiness check passed, TURN's relay self-test included; polled every 5 ms with curl),
# the CPU time the process used until then (user + system, 10 ms ticks: steady where wall time follows the machine's
# load), then its RSS (VmRSS) after IDLE seconds with no client. Node kinds: "full" (web app, signaling, TURN) and
# "turn-only" (Signaling:Enabled=false), whose only allocation so far is the self-test's, already deleted.
# Prints one line per build and kind with the medians and ranges, and the load average.
# --base PATH adds a second native build (say, main's) measured in turn with the others; --jit none leaves the JIT
# build out. Extra settings for every process follow --, e.g. -- --Memory:ReleaseStartupPages false.
# Usage: bench/startup/run.sh [--runs N] [--idle S] [--aot PATH] [--base PATH] [--jit PATH_TO_parley.dll|none] [-- SETTINGS]
set -euo pipefail
cd "$(dirname "$0")/../.."

runs=7 idle=3
aot=artifacts/aot/parley
jit=src/Parley.Server/bin/Release/net10.0/parley.dll
base=
extra=()
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --idle) idle=$2; shift 2 ;;
    --aot) aot=$2; shift 2 ;;
    --jit) jit=$2; shift 2 ;;
    --base) base=$2; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -x "$aot" ] || { echo "error: no native-AOT binary at $aot: run eng/publish-aot.sh" >&2; exit 1; }
builds=(aot)
[ -n "$base" ] && { [ -x "$base" ] || { echo "error: no native build at $base" >&2; exit 1; }; builds+=(base); }
if [ "$jit" != none ]; then
  [ -f "$jit" ] || { echo "error: no JIT build at $jit: run dotnet build Parley.slnx -c Release" >&2; exit 1; }
  builds+=(jit)
fi

port=18480
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

# measure BUILD KIND: one fresh process; appends "start_ms rss_kib cpu_ms" to $results/BUILD-KIND.
measure() {
  local build=$1 kind=$2 cmd
  case $build in
    aot) cmd=("$aot") ;;
    base) cmd=("$base") ;;
    jit) cmd=(dotnet "$jit") ;;
  esac
  local settings=(--urls "http://127.0.0.1:$port" --Turn:UdpPort 0 --Turn:TcpPort 0
    --Turn:SharedSecrets:0 bench-secret --Logging:LogLevel:Default Warning "${extra[@]}")
  [ "$kind" = turn-only ] && settings+=(--Signaling:Enabled false)

  local start end pid deadline
  start=$(date +%s%N)
  "${cmd[@]}" "${settings[@]}" > "$results/log" 2>&1 &
  pid=$!
  deadline=$((start + 60000000000))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz" || true)" = 200 ]; do
    if ! kill -0 "$pid" 2> /dev/null || [ "$(date +%s%N)" -gt "$deadline" ]; then
      echo "error: $build $kind never became ready:" >&2
      cat "$results/log" >&2
      kill "$pid" 2> /dev/null || true
      exit 1
    fi
    sleep 0.005
  done
  end=$(date +%s%N)
  # Fields 14 and 15 of /proc/PID/stat (after the parenthesised name): user and system time in ticks.
  local cpu_ms
  cpu_ms=$(sed 's/.*) //' "/proc/$pid/stat" | awk -v hz="$(getconf CLK_TCK)" '{ print ($12 + $13) * 1000 / hz }')
  sleep "$idle"
  local rss
  rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")
  kill -TERM "$pid"
  wait "$pid" || true
  echo "$(((end - start) / 1000000)) $rss $cpu_ms" >> "$results/$build-$kind"
}

# summary FILE COLUMN: "median (min-max)" of a column.
summary() {
  cut -d' ' -f"$2" "$1" | sort -n | awk '{ v[NR] = $1 } END { printf "%s (%s-%s)", v[int((NR + 1) / 2)], v[1], v[NR] }'
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for kind in full turn-only; do
  for _ in $(seq "$runs"); do
    for build in "${builds[@]}"; do
      measure "$build" "$kind"
    done
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

printf '%-5s %-10s %-26s %-22s %s\n' build node "start to /readyz 200, ms" "CPU to ready, ms" "idle RSS, MiB (KiB)"
for kind in full turn-only; do
  for build in "${builds[@]}"; do
    file="$results/$build-$kind"
    rss_kib=$(cut -d' ' -f2 "$file" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
    printf '%-5s %-10s %-26s %-22s %s (%s)\n' "$build" "$kind" "$(summary "$file" 1)" "$(summary "$file" 3)" \
      "$(awk -v kib="$rss_kib" 'BEGIN { printf "%.1f", kib / 1024 }')" "$(summary "$file" 2)"
  done
done

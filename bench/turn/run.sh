#!/usr/bin/env bash
# TURN relay benchmark: the same turnutils_uclient load against Parley's TURN (a TURN-only Parley node) and
# against coturn (Debian's turnserver) with identical REST auth, A/B alternating on this machine, from light load
# up. Reports relayed messages/s, loss, round trip, server CPU seconds, RSS during the load (sampled every 100 ms:
# max and end, with the end's anonymous and file parts) and the lifetime peak (VmHWM), and Parley/coturn ratios.
#
# The ceiling: for each UDP step the same load (clients, messages, size, one message per millisecond per client) is
# also sent straight to the echo peer with no TURN server in between, by udp-echo-client.c (built here with cc), and
# once unpaced (each client keeps 8 messages in flight and sends the next on each echo). The unpaced rate is the
# machine's raw loopback UDP echo rate for that step; each server's rate is reported as a fraction of it.
#
#   bench/turn/run.sh [--quick]      (BENCH_ROUTES="tcp 1200" BENCH_LADDER="50 75": only those routes and steps)
#   bench/turn/run.sh --idle         (idle allocations: RSS added per allocation at 1,000 and 10,000; BENCH_IDLE="1000,10000")
#
# PARLEY_DLL=path/parley.dll uses that build instead of building this tree; PARLEY_BASELINE_DLL=path/parley.dll also
# runs a second Parley build (say, the previous commit) in the same alternation, for before/after ratios taken
# minutes apart rather than in separate runs. Either may name the native-AOT executable (eng/publish-aot.sh) instead
# of a parley.dll: PARLEY_DLL=artifacts/aot/parley PARLEY_BASELINE_DLL=<JIT build>/parley.dll compares the two builds.
#
# --idle holds idle allocations instead of relaying: idle-allocations.py allocates from many 127.0.0.x source
# addresses (one TURN REST user per allocation) and reads the server's RSS after a warm-up and at each checkpoint.
#
# Each server first relays a short warm-up load that is not measured: Parley compiles its code on first use (the
# host runs without tiered compilation), a one-time cost of about 0.2 CPU-seconds that is not a per-message cost.
#
# Only 127.0.0.1 is used, on ports below Linux's ephemeral range (32768-60999) so that other programs' outgoing
# connections cannot hold them. Every run is bounded by a timeout and stops by itself.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

quick=false idle=false
[ "${1:-}" = "--quick" ] && quick=true
[ "${1:-}" = "--idle" ] && idle=true

secret=bench-secret
coturn_port=23478
parley_port=23490
baseline_port=23494
peer_port=23500
messages=5000          # per client; -z 1 sends one per millisecond, so a run lasts about 5 s
ladder=(10 25 50 75 90 100)
routes=("udp 1200" "udp 120" "tcp 1200")
if $quick; then
  messages=1000
  ladder=(10 50)
  routes=("udp 1200")
fi
# BENCH_ROUTES="tcp 1200" and BENCH_LADDER="50 75" run only those (routes separated by commas).
[ -n "${BENCH_ROUTES:-}" ] && IFS=, read -r -a routes <<<"$BENCH_ROUTES"
[ -n "${BENCH_LADDER:-}" ] && read -r -a ladder <<<"$BENCH_LADDER"

for tool in turnserver turnutils_uclient turnutils_peer; do
  command -v "$tool" >/dev/null || { echo "error: $tool missing: apt-get install -y coturn" >&2; exit 1; }
done
command -v cc >/dev/null || { echo "error: cc missing (for the echo ceiling): apt-get install -y gcc" >&2; exit 1; }

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

$idle || cc -O2 -pthread -o "$work/udp-echo-client" bench/turn/udp-echo-client.c

parley_dll="${PARLEY_DLL:-}"
if [ -z "$parley_dll" ]; then
  echo "Building Parley (Release)..."
  dotnet build src/Parley.Server -c Release -p:SkipWebClientBuild=true -v quiet -nologo >/dev/null
  parley_dll="$root/src/Parley.Server/bin/Release/net10.0/parley.dll"
fi
baseline_dll="${PARLEY_BASELINE_DLL:-}"
servers=(coturn parley)
[ -n "$baseline_dll" ] && servers+=(baseline)

# The idle run holds 10,000 relay ports per server, one server at a time: a wider range, still below 32768 (Parley
# probes at most 128 ports from a random start, so a range 77 % full already drew 508 Insufficient Capacity).
# Parley also plans TURN's share of the process's descriptors (Connections:DescriptorLimit): with this machine's
# 20,000 it would lower Turn:MaxAllocations to 6,496, so the idle run plans as if it had more.
relay_min=24000 relay_max=26999 parley_relay_min=27000 parley_relay_max=29999 descriptors=()
if $idle; then
  relay_min=2000 relay_max=31999 parley_relay_min=2000 parley_relay_max=31999
  descriptors=(--Connections:DescriptorLimit=60000)
fi

# parley_command BUILD: a parley.dll runs on `dotnet`, the native-AOT executable by itself.
parley_command() {
  case "$1" in
    *.dll) echo dotnet "$1" ;;
    *) echo "$1" ;;
  esac
}

start_server() { # name -> prints pid
  case "$1" in
    coturn)
      turnserver -n --listening-ip=127.0.0.1 --relay-ip=127.0.0.1 --listening-port=$coturn_port \
        --min-port=$relay_min --max-port=$relay_max --use-auth-secret --static-auth-secret=$secret --realm=parley \
        --no-tls --no-dtls --no-cli --allow-loopback-peers --no-multicast-peers --log-file=stdout --simple-log \
        >"$work/coturn.log" 2>&1 &
      ;;
    parley|baseline)
      local dll=$parley_dll port=$parley_port
      [ "$1" = baseline ] && dll=$baseline_dll port=$baseline_port
      # Every load client shares 127.0.0.1 and one REST user, so the per-source unauthenticated answer limit, the
      # per-user and per-address allocation quotas and the per-allocation bandwidth cap are lifted (coturn has none of
      # them by default; uclient takes over 100 allocations from 75 clients). The idle run holds more than the
      # default total of 10,000.
      # shellcheck disable=SC2046 # the command is one or two words, no spaces inside
      $(parley_command "$dll") --urls http://127.0.0.1:0 --Signaling:Enabled=false \
        --Turn:UdpPort=$port --Turn:TcpPort=$port --Turn:SharedSecrets:0=$secret --Turn:Realm=parley \
        --Turn:RelayPortMin=$parley_relay_min --Turn:RelayPortMax=$parley_relay_max --Turn:AllowRfc5766ChannelNumbers=true \
        --Turn:UnauthenticatedResponsesPerSecond=0 --Turn:MaxAllocationsPerUser=10000 \
        --Turn:MaxAllocationsPerClientAddress=10000 --Turn:MaxAllocationBandwidth=0 --Turn:MaxAllocations=12000 \
        "${descriptors[@]}" --Logging:LogLevel:Default=Warning >"$work/$1.log" 2>&1 &
      ;;
  esac
  echo $!
}

wait_listening() { # port
  for _ in $(seq 1 100); do
    if timeout 1 turnutils_stunclient -p "$1" 127.0.0.1 >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  echo "error: nothing answers STUN on port $1" >&2
  return 1
}

cpu_seconds() { # pid: user+system CPU seconds
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"
}

peak_rss_mb() { # pid: VmHWM, the lifetime peak (start-up included)
  awk '/VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"
}

# sample_rss pid file: appends "VmRSS RssAnon RssFile" (KiB) every 100 ms until killed; builtins only, so the
# sampler forks nothing but its sleep.
sample_rss() {
  local key value unit rss anon file
  while true; do
    rss='' anon='' file=''
    while read -r key value unit; do
      case $key in VmRSS:) rss=$value ;; RssAnon:) anon=$value ;; RssFile:) file=$value ;; esac
    done <"/proc/$1/status" || return 0
    [ -n "$rss" ] && echo "$rss $anon $file" >>"$2"
    sleep 0.1
  done
}

# load_rss_mb file -> "max end anon_end file_end" in MB over the samples of the load phase
load_rss_mb() {
  awk '{ if ($1 > max) max = $1; r = $1; a = $2; f = $3 }
    END { if (NR == 0) print "- - - -"; else printf "%.1f %.1f %.1f %.1f\n", max / 1024, r / 1024, a / 1024, f / 1024 }' "$1"
}

# run_load port clients size transport [messages] -> "relayed_per_s loss_pct rtt_ms received"
run_load() {
  local flags=(-c -e 127.0.0.1 -r $peer_port -m "$2" -n "${5:-$messages}" -l "$3" -z 1 -u bench -W $secret -p "$1")
  [ "$4" = tcp ] && flags=(-t "${flags[@]}")
  local out
  out=$(timeout 120 turnutils_uclient "${flags[@]}" 127.0.0.1 2>&1) || true
  echo "$out" | awk '
    /tot_send_msgs=[0-9]+, tot_recv_msgs=[0-9]+$/ { split($0, a, /[=,]/); sent = a[2]; recv = a[4] }
    /Total transmit time is/ { t = $NF }
    /Total lost packets/ { v = $7; gsub(/[()%,]/, "", v); loss = v }
    /Average round trip delay/ { rtt = $7 }
    END {
      if (t == "" || t == 0) t = 1
      if (recv == "") { print "failed - - 0"; exit }
      printf "%d %s %s %d\n", recv / t, loss, rtt, recv
    }'
}

# run_echo clients size pace_ms -> "msgs_per_s loss_pct rtt_ms client_cpu_s": straight to the peer, no TURN server
run_echo() {
  timeout 120 "$work/udp-echo-client" -p $peer_port -m "$1" -n "$messages" -l "$2" -z "$3" -w 8 127.0.0.1 |
    awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } printf "%d %s %s %s\n", v["rate"], v["loss"], v["rtt_ms"], v["cpu_s"] }'
}

# run_idle: each server alone, fresh, holding idle allocations up to each checkpoint; prints the readings.
run_idle() {
  local checkpoints=${BENCH_IDLE:-1000,10000}
  printf '\nIdle allocations (RSS added per allocation after a warm-up of 20); load average %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
  for server in "${servers[@]}"; do
    case $server in coturn) port=$coturn_port ;; parley) port=$parley_port ;; baseline) port=$baseline_port ;; esac
    pid=$(start_server $server)
    pids+=("$pid")
    wait_listening $port
    timeout 400 python3 bench/turn/idle-allocations.py --port "$port" --pid "$pid" --secret $secret --realm parley \
      --checkpoints "$checkpoints" --deadline 360 | sed "s/^/$server: /" | tee -a "$results"
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
  printf 'load average after: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$results"
}

results="$root/bench/turn/last-run.txt"
if $idle; then
  : >"$results"
  run_idle
  exit 0
fi

turnutils_peer -L 127.0.0.1 -p $peer_port >/dev/null 2>&1 &
pids+=($!)
sleep 0.3

printf '\n%-10s %-5s %5s %7s | %-28s | %-28s | %s\n' route bytes load offered \
  "coturn msgs/s loss% rtt cpu-s" "parley msgs/s loss% rtt cpu-s" "parley/coturn msgs/s, cpu/msg; echo ceiling"
: >"$results"
for route in "${routes[@]}"; do
  read -r transport size <<<"$route"
  for load in "${ladder[@]}"; do
    declare -A rate loss rtt cpu rss received
    for server in "${servers[@]}"; do
      case $server in coturn) port=$coturn_port ;; parley) port=$parley_port ;; baseline) port=$baseline_port ;; esac
      pid=$(start_server $server)
      pids+=("$pid")
      wait_listening $port
      run_load $port 2 "$size" "$transport" 50 >/dev/null
      : >"$work/rss-$server"
      sample_rss "$pid" "$work/rss-$server" &
      sampler=$!
      before=$(cpu_seconds "$pid")
      read -r r l t n <<<"$(run_load $port "$load" "$size" "$transport")"
      after=$(cpu_seconds "$pid")
      kill "$sampler"; wait "$sampler" 2>/dev/null || true
      rate[$server]=$r loss[$server]=$l rtt[$server]=$t received[$server]=$n
      # RSS during the load (max and end of 100 ms samples, the end's anonymous and file parts) and the lifetime peak
      # VmHWM, which for a .NET node is its start-up's, not its relaying's.
      read -r rss_max rss_end rss_anon rss_file <<<"$(load_rss_mb "$work/rss-$server")"
      rss[$server]="load max $rss_max end $rss_end (anon $rss_anon file $rss_file) peak $(peak_rss_mb "$pid")"
      cpu[$server]=$(awk -v a="$after" -v b="$before" 'BEGIN { printf "%.2f", a - b }')
      kill "$pid"; wait "$pid" 2>/dev/null || true
    done
    ratio=$(awk -v p="${rate[parley]}" -v c="${rate[coturn]}" 'BEGIN { if (c > 0 && p > 0) printf "%.2f", p / c; else print "-" }')
    # CPU per relayed message: CPU seconds over messages received back (not over msgs/s, which would credit a
    # server for a shorter run).
    cpu_ratio=$(awk -v p="${cpu[parley]}" -v c="${cpu[coturn]}" -v pn="${received[parley]}" -v cn="${received[coturn]}" \
      'BEGIN { if (c > 0 && pn > 0 && cn > 0) printf "%.2f", (p / pn) / (c / cn); else print "-" }')
    line=$(printf '%-10s %-5s %5s %7s | %8s %6s %5s %6s | %8s %6s %5s %6s | %s, %s  (rss MB coturn: %s; parley: %s)' \
      "$transport" "$size" "$load" "$((load * 1000))" \
      "${rate[coturn]}" "${loss[coturn]}" "${rtt[coturn]}" "${cpu[coturn]}" \
      "${rate[parley]}" "${loss[parley]}" "${rtt[parley]}" "${cpu[parley]}" "$ratio" "$cpu_ratio" "${rss[coturn]}" "${rss[parley]}")
    if [ "$transport" = udp ]; then
      read -r pr pl pt pc <<<"$(run_echo "$load" "$size" 1)"
      read -r mr ml mt mc <<<"$(run_echo "$load" "$size" 0)"
      of_max() { awk -v r="$1" -v m="$mr" 'BEGIN { if (m > 0) printf "%.2f", r / m; else print "-" }'; }
      line+=$(printf '  ceiling: paced %s msgs/s %s%% loss %s ms (client %s cpu-s), max %s msgs/s %s%% loss %s ms (client %s cpu-s); of max: coturn %s parley %s' \
        "$pr" "$pl" "$pt" "$pc" "$mr" "$ml" "$mt" "$mc" "$(of_max "${rate[coturn]}")" "$(of_max "${rate[parley]}")")
    fi
    if [ -n "$baseline_dll" ]; then
      base_cpu_ratio=$(awk -v p="${cpu[baseline]}" -v c="${cpu[coturn]}" -v pn="${received[baseline]}" -v cn="${received[coturn]}" \
        'BEGIN { if (c > 0 && pn > 0 && cn > 0) printf "%.2f", (p / pn) / (c / cn); else print "-" }')
      line+=$(printf '  baseline: %s msgs/s %s%% loss %s cpu-s, cpu/msg %s of coturn (rss MB %s)' \
        "${rate[baseline]}" "${loss[baseline]}" "${cpu[baseline]}" "$base_cpu_ratio" "${rss[baseline]}")
    fi
    echo "$line" | tee -a "$results"
  done
done
echo
echo "Results also written to bench/turn/last-run.txt"

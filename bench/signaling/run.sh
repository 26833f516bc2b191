#!/usr/bin/env bash
# Signaling load benchmark: Parley's signaling socket (/ws/signaling) against the
# tutorial's design as a Node socket.io 4 server, A/B in one run on this machine.
# Usage: bench/signaling/run.sh [--quick] [more bench.mjs options]
#   --quick                  one small configuration, a smoke test (about a minute)
#   --idle                   connect and join only (10,000 and 100,000 connections, or as many as the descriptor limit
#                            allows, which it says): memory per idle connection
#   --repeat N               N A/B pairs per configuration and mode (medians in the table)
#   --configs "R,M,S;R,M,S"  rooms, messages per peer, message bytes (instead of the three default configurations)
#   --modes paced,saturating --run-timeout SEC
#   --variants parley,baseline[,parley-aot,parley-wks,parley-invoke,floor-dotnet,floor-node]
#                            (parley-aot publishes the native executable with eng/publish-aot.sh first)
#   (floor-* are measurement anchors from floor/, not product code; switches as floor-dotnet@FLOOR_SEND=coalesce)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

# Each WebSocket costs the server and the generator a descriptor: --idle asks for 10,000 and 100,000 connections. Raise
# the hard limit where this user may (root with CAP_SYS_RESOURCE, up to fs.nr_open), then the soft one to it.
want=110000
nr_open="$(cat /proc/sys/fs/nr_open 2>/dev/null || echo "$want")"
if [[ "$nr_open" -lt "$want" ]]; then want="$nr_open"; fi
hard="$(ulimit -Hn)"
if [[ "$hard" != unlimited && "$hard" -lt "$want" ]]; then
  ulimit -Hn "$want" 2>/dev/null || true
  hard="$(ulimit -Hn)"
fi
if [[ "$hard" != unlimited && "$hard" -lt "$want" ]]; then want="$hard"; fi
ulimit -n "$want"
echo "run.sh: each process may open $(ulimit -n) files (hard limit $(ulimit -Hn), fs.nr_open $nr_open)" >&2
if [[ "$(ulimit -n)" -lt 101000 ]]; then
  echo "run.sh: that is too few for --idle's 100,000 connections (the server needs one descriptor each): this machine cannot" \
    "hold them; raising the hard limit needs root with CAP_SYS_RESOURCE (ulimit -Hn, systemd LimitNOFILE). --idle measures as many as fit." >&2
fi

cd "$here"
echo "== npm ci" >&2
npm ci --no-audit --no-fund --loglevel=error >&2

echo "== dotnet build (Release)" >&2
# The signaling socket is all this benchmark talks to: skip the React client's npm build (it changes nothing measured here),
# unless it was never built: the host cannot start without the embedded files' manifest.
skip_web=false
if [[ -f "$repo/src/Parley.Web/dist/index.html" ]]; then skip_web=true; fi
dotnet build "$repo/src/Parley.Server" -c Release -nologo -v quiet -clp:ErrorsOnly -p:SkipWebClientBuild=$skip_web >&2
dotnet build "$here/floor/dotnet-ws" -c Release -nologo -v quiet -clp:ErrorsOnly >&2

# The native-AOT variant runs the release executable that eng/publish-aot.sh builds (and prints the path of).
extra=()
if [[ " $* " == *parley-aot* ]]; then
  echo "== eng/publish-aot.sh (native AOT)" >&2
  extra=(--parley-aot "$("$repo/eng/publish-aot.sh" "$repo/artifacts/aot" -p:SkipWebClientBuild=$skip_web)")
fi

# Every run has its own deadline inside bench.mjs; this bounds the whole thing in case anything hangs.
total=3600
for a in "$@"; do [[ "$a" == --quick ]] && total=600; done
exec timeout --signal=TERM --kill-after=30 "$total" node "$here/bench.mjs" "${extra[@]}" "$@"

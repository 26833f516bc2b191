#!/usr/bin/env bash
# Signaling load benchmark: Parley's signaling socket (/ws/signaling) against the
# tutorial's design as a Node socket.io 4 server, A/B in one run on this machine.
# Usage: bench/signaling/run.sh [--quick] [more bench.mjs options]
#   --quick                  one small configuration, a smoke test (about a minute)
#   --idle                   connect and join only (5,000 to 18,000 connections): memory per idle connection
#   --repeat N               N A/B pairs per configuration and mode (medians in the table)
#   --configs "R,M,S;R,M,S"  rooms, messages per peer, message bytes (instead of the three default configurations)
#   --modes paced,saturating --run-timeout SEC
#   --variants parley,baseline[,parley-wks,parley-invoke,floor-dotnet,floor-node]
#   (floor-* are measurement anchors from floor/, not product code; switches as floor-dotnet@FLOOR_SEND=coalesce)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

# 10,000 WebSockets on each side: the generator and the server each need a descriptor per connection.
hard="$(ulimit -Hn)"
want=65536
if [[ "$hard" != unlimited && "$hard" -lt "$want" ]]; then want="$hard"; fi
ulimit -n "$want"
if [[ "$(ulimit -n)" -lt 12000 ]]; then
  echo "run.sh: ulimit -n is $(ulimit -n); the 10,000-connection configuration needs more than 12,000" >&2
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

# Every run has its own deadline inside bench.mjs; this bounds the whole thing in case anything hangs.
total=3600
for a in "$@"; do [[ "$a" == --quick ]] && total=600; done
exec timeout --signal=TERM --kill-after=30 "$total" node "$here/bench.mjs" "$@"

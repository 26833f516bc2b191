#!/usr/bin/env bash
# Call-setup benchmark: time from the second person's Join click to the first decoded remote frame on both sides,
# Chromium on loopback, median of 10 rounds (issue 19: target at most 500 ms; issue 6 had 1 s). Usage: bench/call-setup/run.sh [rounds]
# With --four: the fourth joiner of a group call (click to the first frame from all three others) and the CPU of each
# person's browser in the four-way call (issue 18). Usage: bench/call-setup/run.sh --four [rounds]
# With --uplink: each person's total outgoing bitrate in rooms of 2, 4 and 8 against the 2.5 Mbit/s budget (issue 18),
# about two minutes; --uplink-relay does the same with every connection through Parley's TURN and reports the room of
# eight's TURN allocations against Turn:MaxAllocationsPerUser. Usage: bench/call-setup/run.sh --uplink[-relay] [WIDTHxHEIGHT@FPS]
# (the cameras' capture, e.g. 320x180@15: the fake camera's 640x480 at 30 frames a second is more than eight browsers
# on two cores can encode seven times over).
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build src/Parley.Server -c Release -v quiet -nologo
dotnet build bench/call-setup -c Release -v quiet -nologo
mode=two
if [ "${1:-}" = --four ] || [ "${1:-}" = --uplink ] || [ "${1:-}" = --uplink-relay ]; then
  mode=${1#--}
  shift
fi
if [ "$mode" = uplink ] || [ "$mode" = uplink-relay ]; then
  exec timeout 900 dotnet bench/call-setup/bin/Release/net10.0/Parley.Bench.CallSetup.dll src/Parley.Server/bin/Release/net10.0/parley.dll 0 "$mode" ${1:+"$1"}
fi
exec timeout 900 dotnet bench/call-setup/bin/Release/net10.0/Parley.Bench.CallSetup.dll src/Parley.Server/bin/Release/net10.0/parley.dll "${1:-10}" "$mode"

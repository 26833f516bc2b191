#!/usr/bin/env bash
# Microbenchmarks of the STUN/TURN hot paths (BenchmarkDotNet): ns per operation and bytes allocated, which must
# be zero on the relay path. Arguments go to BenchmarkDotNet; by default every benchmark with its short job.
# Usage: bench/micro/run.sh [--filter '*Relay*'] [--job short|medium|long]
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build bench/micro -c Release -v quiet -nologo
cd bench/micro
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(--filter '*' --job short)
exec timeout 1800 dotnet bin/Release/net10.0/Parley.Bench.Micro.dll "${args[@]}" --artifacts "$(pwd)/BenchmarkDotNet.Artifacts"

#!/usr/bin/env bash
# Call-setup benchmark: time from the second person's Join click to the first decoded remote frame on both sides,
# Chromium on loopback, median of 10 rounds (issue 6, target under 1 s). Usage: bench/call-setup/run.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build src/Parley.Server -c Release -v quiet -nologo
dotnet build bench/call-setup -c Release -v quiet -nologo
exec timeout 600 dotnet bench/call-setup/bin/Release/net10.0/Parley.Bench.CallSetup.dll src/Parley.Server/bin/Release/net10.0/parley.dll "${1:-10}"

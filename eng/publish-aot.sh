#!/usr/bin/env bash
# Publishes Parley's release: one native-AOT executable for linux-x64 (the web client inside), no .NET runtime
# needed on the target. Usage: eng/publish-aot.sh [OUTPUT_DIR]   (default artifacts/aot; prints the binary's path)
# Needs Debian's clang and zlib1g-dev (the native linker and libz), which eng/install-test-deps.sh installs.
# Extra arguments after OUTPUT_DIR go to dotnet publish, e.g. -p:SkipWebClientBuild=true to embed the dist/ as is.
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-artifacts/aot}
shift || true

for tool in clang objcopy; do
  if ! command -v "$tool" > /dev/null; then
    echo "error: $tool is missing: the native-AOT link needs Debian's clang and zlib1g-dev (eng/install-test-deps.sh)" >&2
    exit 1
  fi
done

dotnet publish src/Parley.Server -c Release -r linux-x64 -p:PublishAot=true -o "$out" "$@" >&2
echo "$(cd "$out" && pwd)/parley"

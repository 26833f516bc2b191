#!/usr/bin/env bash
# Installs the Debian packages the test suites drive for real: Chromium for the browser tests.
# Runs apt-get update once, and only when something is missing.
set -euo pipefail

packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium)

if [ ${#packages[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${packages[@]}"
fi

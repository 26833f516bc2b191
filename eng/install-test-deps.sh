#!/usr/bin/env bash
# Installs the Debian packages the test suites drive for real: Chromium for the browser tests, Firefox ESR for
# the Chromium-to-Firefox call, coturn's turnutils tools as TURN clients no one here wrote, redis-server and nginx for the
# scale-out tests, and iproute2, nftables and procps (sysctl) for the network tests' namespaces, NAT routers and
# firewall; clang and zlib1g-dev for the native-AOT publish (eng/publish-aot.sh), whose binary the suite also runs.
# Runs apt-get update once, and only when something is missing.
set -euo pipefail

packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium)
[ -x /usr/bin/firefox-esr ] || packages+=(firefox-esr)
[ -x /usr/bin/turnutils_uclient ] || packages+=(coturn)
[ -x /usr/bin/redis-server ] || packages+=(redis-server)
[ -x /usr/sbin/nginx ] || packages+=(nginx)
[ -x /usr/sbin/ip ] || packages+=(iproute2)
[ -x /usr/sbin/nft ] || packages+=(nftables)
[ -x /usr/sbin/sysctl ] || packages+=(procps)
[ -x /usr/bin/clang ] || packages+=(clang)
[ -f /usr/include/zlib.h ] || packages+=(zlib1g-dev)

if [ ${#packages[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${packages[@]}"
fi

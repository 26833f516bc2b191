# Parley in a container, built the way a release is: the web client with npm, then one native-AOT executable
# (eng/publish-aot.sh), on the smallest base .NET offers (runtime-deps: libc, OpenSSL, CA certificates; no runtime).
#   docker build -t parley .
#   docker run --network host -e Turn__SharedSecrets__0=change-me parley
# Host networking lets TURN bind its relay ports (49152-65535 by default) without mapping each one; with port
# mapping instead, narrow Turn:RelayPortMin/Max, publish 8080/tcp, 3478/udp, 3478/tcp and that range, and set
# Turn:RelayPublicAddress to the host's address.

FROM node:20-bookworm-slim AS web
WORKDIR /src/src/Parley.Web
COPY src/Parley.Web/package.json src/Parley.Web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY src/Parley.Web/ ./
RUN npm run build

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# The native-AOT link: clang drives the linker, zlib1g-dev for the runtime's compression.
RUN apt-get update && apt-get install -y --no-install-recommends clang zlib1g-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
COPY --from=web /src/src/Parley.Web/dist src/Parley.Web/dist
RUN eng/publish-aot.sh /out -p:SkipWebClientBuild=true

FROM mcr.microsoft.com/dotnet/runtime-deps:10.0
COPY --from=build /out/parley /usr/local/bin/parley
USER app
EXPOSE 8080/tcp 3478/udp 3478/tcp
# SIGTERM drains (Signaling:DrainTimeout, 10 s): give `docker stop` longer than that, e.g. --time 30.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/parley", "--urls", "http://0.0.0.0:8080"]

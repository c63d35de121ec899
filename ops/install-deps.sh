#!/usr/bin/env bash
# Installs the Debian 12 packages xmatch needs to build, test and run, only those
# missing. Run as root (or with sudo). Safe to run again: it does nothing when all are there.
set -euo pipefail

packages=(
  g++ cmake make pkg-config
  libboost-dev libssl-dev libspdlog-dev libfmt-dev
  libpqxx-dev librdkafka-dev
  libyaml-cpp-dev libcli11-dev nlohmann-json3-dev libsimdjson-dev libxlsxwriter-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  postgresql-15
  python3 python3-jsonschema
)
# The review pages' browser tests (tests/browser) and load benchmark (bench/review_load.sh).
# fonts-wqy-microhei: Chinese glyphs in the browser test's screenshots.
packages+=(chromium fonts-wqy-microhei wrk)
# npm: Debian's package, unless a Node.js that ships its own npm is installed already.
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "Installing: ${missing[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2

#!/usr/bin/env bash
# Installs what is missing, then builds xmatch into build/ (Release with debug info).
set -euo pipefail
cd "$(dirname "$0")/.."
ops/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"

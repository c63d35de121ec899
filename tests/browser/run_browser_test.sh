#!/usr/bin/env bash
# The browser test's command (CTest `review_browser_test`): installs playwright-core, at
# the version pinned in package.json, into the build directory (never a browser: Debian's
# chromium is used), then runs review_flow.mjs with node's test runner.
#
#   run_browser_test.sh XMATCH_BIN REVIEW_TEST_ENV_BIN WORK_DIR
set -euo pipefail
xmatch=$1 env_bin=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)

for tool in node npm python3 psql "${XMATCH_CHROMIUM:-/usr/bin/chromium}"; do
  if ! command -v "$tool" >/dev/null; then
    echo "review_browser_test: $tool is missing: run ops/install-deps.sh" >&2
    exit 1
  fi
done

mkdir -p "$work"
pinned=$(node -p "require('$here/package.json').dependencies['playwright-core']")
installed=$(node -p "try { require('$work/node_modules/playwright-core/package.json').version }
                     catch { '' }")
if [ "$installed" != "$pinned" ]; then
  cp "$here/package.json" "$work/package.json"
  (cd "$work" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund \
      --no-package-lock --loglevel=error)
fi

exec node --test-reporter=spec "$here/review_flow.mjs" \
  --xmatch "$xmatch" --env "$env_bin" --seed "$here/seed.sql" --work "$work"

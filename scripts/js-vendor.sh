#!/usr/bin/env bash
# Browser libraries from the npm registry (package.json / package-lock.json), installed with npm
# and served by the UI as local static files (no CDN):
#   - web/static/vendor/<name> for each line "node_modules/<path> <name>" of web/static/vendor.txt
#   - node_modules/axe-core/axe.min.js stays in node_modules: only the test suite injects it.
# Idempotent and quick when node_modules matches the lock file.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v npm >/dev/null 2>&1; then
  scripts/apt-ensure.sh nodejs npm
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
mkdir -p web/static/vendor
while read -r src name; do
  case "$src" in ''|'#'*) continue ;; esac
  if [ ! -f "web/static/vendor/$name" ] || ! cmp -s "$src" "web/static/vendor/$name"; then
    cp "$src" "web/static/vendor/$name"
  fi
done < web/static/vendor.txt

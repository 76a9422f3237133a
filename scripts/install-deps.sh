#!/usr/bin/env bash
# Installs the npm dependencies exactly as package-lock.json says (npm ci). Skipped when node_modules
# was installed from the same lock file, to keep repeated runs quick.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.installed-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
npm ci --no-audit --no-fund
echo "$want" > "$stamp"

#!/usr/bin/env bash
# Installs the npm dependencies as package-lock.json pins them. Skipped when node_modules
# was installed from the same lock file, to keep repeated runs quick.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.installed-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
# `npm ci` refuses a lock file that lists optional platform packages (darwin, win32…) the registry
# mirror lacks; `npm install --no-save` follows the same lock and skips those, without rewriting it.
npm install --no-save --no-audit --no-fund
echo "$want" > "$stamp"

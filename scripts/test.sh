#!/usr/bin/env bash
# One command: install the dependencies and the real tools (promtool, amtool, prometheus,
# alertmanager from Debian's packages), then type-check and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/install-tools.sh
npm test

#!/usr/bin/env bash
# Installs the real tools the test suite uses: promtool and prometheus (Debian's `prometheus`),
# amtool and alertmanager (Debian's `prometheus-alertmanager`). Does nothing when they are present.
set -euo pipefail
missing=()
command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
command -v amtool >/dev/null 2>&1 && command -v prometheus-alertmanager >/dev/null 2>&1 || missing+=(prometheus-alertmanager)
if [ ${#missing[@]} -eq 0 ]; then
  echo "promtool, prometheus, amtool and prometheus-alertmanager are installed."
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "Installing ${missing[*]} from Debian's packages..."
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
# The Debian packages start services on install where an init system runs; the tests start their own.
$SUDO systemctl stop prometheus prometheus-alertmanager prometheus-node-exporter >/dev/null 2>&1 || true
promtool --version | head -1
amtool --version | head -1

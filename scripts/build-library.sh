#!/usr/bin/env bash
# `npm run build` (and prepack): the package's dist/.
#   dist/lib/**/*.d.ts   the type declarations, from tsc
#   dist/lib/index.js    the library as one CommonJS file bundled by esbuild (scripts/bundle.js): its
#                        dependencies (yaml, the query parsers, the Grafana foundation SDK without its
#                        v2 dashboard builders) tree-shaken into it, so that an app
#                        loads one file instead of several hundred (README "Performance"). cdktf,
#                        constructs and the provider packages stay external: they are peer dependencies,
#                        and the consumer's own copies must be the ones the stacks are built with.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf dist
node_modules/.bin/tsc -p tsconfig.build.json --emitDeclarationOnly
node scripts/bundle.js lib/index.ts dist/lib/index.js --external=cdktf --external=constructs --external='@cdktf/*'

#!/usr/bin/env bash
# `npm run build` (and prepack): the package's dist/.
#   dist/lib/**/*.d.ts   the type declarations, from tsc
#   dist/lib/index.js    the library as one CommonJS file bundled by esbuild: its dependencies (yaml, the
#                        query parsers, the Grafana foundation SDK) tree-shaken into it, so that an app
#                        loads one file instead of several hundred (README "Performance"). cdktf,
#                        constructs and the provider packages stay external: they are peer dependencies,
#                        and the consumer's own copies must be the ones the stacks are built with.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf dist
node_modules/.bin/tsc -p tsconfig.build.json --emitDeclarationOnly
node_modules/.bin/esbuild lib/index.ts --bundle --platform=node --target=node20 --format=cjs \
  --outfile=dist/lib/index.js --external:cdktf --external:constructs --external:'@cdktf/*' --log-level=warning

#!/usr/bin/env bash
# The app as `npm run synth` and the cdktf CLI (cdktf.json "app") run it: main.ts bundled by esbuild
# (scripts/bundle.js) into one CommonJS file, then run by plain Node. Loading one file instead of ~700
# modules compiled on the fly by tsx is most of the start-up an app of this library pays (README
# "Performance"). Bundling takes ~0.5 s; the bundle is kept while nothing it was built from changed
# (~0.1 s to check, scripts/bundle-stamp.js).
# The output is byte-identical to running main.ts with tsx (test/deploy/bundled-app.test.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/bundle.js main.ts node_modules/.cache/monitoring-app/main.js --reuse
exec node node_modules/.cache/monitoring-app/main.js "$@"

// @ts-check
/*
 * Every bundle this repository builds, with one esbuild configuration: the package's dist/lib/index.js
 * (scripts/build-library.sh), the app of `npm run synth` and the cdktf CLI (scripts/app.sh) and the bench's
 * apps (scripts/bundle-app.ts). One CommonJS file for Node 20, without the Grafana SDK's builders for the
 * v2 dashboard schema (scripts/without-dashboard-v2-builders.js). Plain JavaScript, so that node runs it
 * without a TypeScript loader; esbuild's plugins need its JavaScript API, not its command line.
 *
 * Usage: node scripts/bundle.js <entry> <outfile> [--external=<package>]... [--reuse]
 *   --reuse  keep <outfile> when nothing it was built from changed (scripts/bundle-stamp.js); scripts/app.sh
 *            uses it, the package's build does not.
 */
const { buildKey, isUpToDate, removeStamp, writeStamp } = require('./bundle-stamp');

const USAGE = 'usage: node scripts/bundle.js <entry> <outfile> [--external=<package>]... [--reuse]';

/** @param {string[]} args */
async function bundle(args) {
  const positional = args.filter((arg) => !arg.startsWith('--'));
  const options = args.filter((arg) => arg.startsWith('--'));
  const unknown = options.filter((arg) => !arg.startsWith('--external=') && arg !== '--reuse');
  if (positional.length !== 2 || unknown.length > 0) throw new Error(unknown.length > 0 ? `unknown option ${unknown[0]}; ${USAGE}` : USAGE);
  const [entry, outfile] = positional;
  const external = options.filter((arg) => arg.startsWith('--external=')).map((arg) => arg.slice('--external='.length));
  const reuse = options.includes('--reuse');
  const key = reuse ? buildKey([entry, outfile, ...external]) : '';
  if (reuse && isUpToDate(outfile, key)) return;
  removeStamp(outfile);
  const started = Date.now();
  // loaded only to build: a reused bundle costs node's start and a hash of its inputs
  const esbuild = require('esbuild');
  const { withoutDashboardV2Builders } = require('./without-dashboard-v2-builders');
  const result = await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external,
    plugins: [withoutDashboardV2Builders],
    metafile: reuse,
    logLevel: 'warning',
  });
  if (reuse && result.metafile) writeStamp(outfile, key, Object.keys(result.metafile.inputs), started);
}

bundle(process.argv.slice(2)).catch((error) => {
  // esbuild has printed its own messages for a failed build.
  if (!error.errors) console.error(error.message);
  process.exit(1);
});

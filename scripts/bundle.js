// @ts-check
/*
 * Every bundle this repository builds, with one esbuild configuration: the package's dist/lib/index.js
 * (scripts/build-library.sh), the app of `npm run synth` and the cdktf CLI (scripts/app.sh) and the bench's
 * apps (scripts/bundle-app.ts). One CommonJS file for Node 20, without the Grafana SDK's builders for the
 * v2 dashboard schema (scripts/without-dashboard-v2-builders.js). Plain JavaScript, so that node runs it
 * without a TypeScript loader; esbuild's plugins need its JavaScript API, not its command line.
 *
 * Usage: node scripts/bundle.js <entry> <outfile> [--external=<package>]...
 */
const esbuild = require('esbuild');
const { withoutDashboardV2Builders } = require('./without-dashboard-v2-builders');

const USAGE = 'usage: node scripts/bundle.js <entry> <outfile> [--external=<package>]...';

/** @param {string[]} args */
async function bundle(args) {
  const positional = args.filter((arg) => !arg.startsWith('--'));
  const options = args.filter((arg) => arg.startsWith('--'));
  const unknown = options.filter((arg) => !arg.startsWith('--external='));
  if (positional.length !== 2 || unknown.length > 0) throw new Error(unknown.length > 0 ? `unknown option ${unknown[0]}; ${USAGE}` : USAGE);
  const [entry, outfile] = positional;
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: options.map((arg) => arg.slice('--external='.length)),
    plugins: [withoutDashboardV2Builders],
    logLevel: 'warning',
  });
}

bundle(process.argv.slice(2)).catch((error) => {
  // esbuild has printed its own messages for a failed build.
  if (!error.errors) console.error(error.message);
  process.exit(1);
});

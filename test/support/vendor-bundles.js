// @ts-check
/*
 * Dependencies loaded by (almost) every test file, each bundled into one file for jest.
 *
 * jest gives every test file its own module registry, so each of ~120 files loads cdktf (~450 modules),
 * the Grafana foundation SDK (~240) and yaml (~80) again, module by module through jest's resolver:
 * ~0.25 s of CPU per file before a test runs. One bundled file per package loads in a fraction of that. It is the same
 * code (esbuild bundles the installed packages as they are, as scripts/app.sh does for the app), and every
 * importer, including the provider classes, gets the one bundled copy, so class identity holds.
 *
 * The bundles are built once per content of package-lock.json (and esbuild's and node's versions) under
 * node_modules/.cache/jest-vendor/<hash>/ (or MONITORING_TEST_CACHE_DIR), by jest.config.js before any
 * worker starts. MONITORING_JEST_VENDOR_BUNDLES=off loads the packages module by module instead.
 */
const { execFileSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

const REPO_ROOT = resolve(__dirname, '..', '..');
const SDK = '@grafana/grafana-foundation-sdk';
/** The esbuild configuration of every bundle the repository ships or runs. */
const BUNDLE_SCRIPT = join(REPO_ROOT, 'scripts', 'bundle.js');

/**
 * The SDK subpaths (`@grafana/grafana-foundation-sdk/<name>`) the library imports: only those are bundled
 * (a third of the SDK's size). A test importing another one loads it from node_modules, as without bundles.
 */
function sdkSubpaths() {
  const used = new Set();
  for (const entry of readdirSync(join(REPO_ROOT, 'lib'), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.d.ts')) continue;
    const text = readFileSync(join(entry.parentPath, entry.name), 'utf8');
    for (const match of text.matchAll(/from '@grafana\/grafana-foundation-sdk\/([a-z0-9]+)'/g)) used.add(match[1]);
  }
  return [...used].sort();
}

/** The folder of this dependency set's bundles, built when absent. */
function vendorBundleDir() {
  const esbuild = require('esbuild');
  const subpaths = sdkSubpaths();
  const key = createHash('sha256')
    .update(subpaths.join(','))
    .update(readFileSync(join(REPO_ROOT, 'package-lock.json')))
    .update(readFileSync(__filename))
    .update(readFileSync(BUNDLE_SCRIPT))
    .update(readFileSync(join(REPO_ROOT, 'scripts', 'without-dashboard-v2-builders.js')))
    .update(`${esbuild.version}\0${process.version}`)
    .digest('hex')
    .slice(0, 32);
  const cacheRoot = process.env.MONITORING_TEST_CACHE_DIR || join(REPO_ROOT, 'node_modules', '.cache');
  const dir = join(cacheRoot, 'jest-vendor', key);
  if (existsSync(dir)) return dir;

  mkdirSync(join(cacheRoot, 'jest-vendor'), { recursive: true });
  const temp = mkdtempSync(join(cacheRoot, 'jest-vendor', 'building-'));
  const common = { bundle: true, platform: /** @type {const} */ ('node'), target: 'node20', format: /** @type {const} */ ('cjs'), logLevel: /** @type {const} */ ('warning'), absWorkingDir: REPO_ROOT };
  // constructs stays a module of its own: the library and the tests import it directly.
  esbuild.buildSync({ ...common, entryPoints: [join(REPO_ROOT, 'node_modules', 'cdktf', 'lib', 'index.js')], external: ['constructs'], outfile: join(temp, 'cdktf.js') });
  esbuild.buildSync({ ...common, entryPoints: [require.resolve('yaml', { paths: [REPO_ROOT] })], outfile: join(temp, 'yaml.js') });
  // One bundle for the SDK, each subpath a getter, so a test evaluates only the panels it uses while all
  // of them share one copy of the SDK's common modules. Bundled as the package's bundle is
  // (scripts/bundle.js: without the builders for the v2 dashboard schema), so the tests run the SDK the
  // package ships; the entry names each subpath's file, as the cache may lie outside the repository.
  const entry = join(temp, 'grafana-foundation-sdk-entry.js');
  writeFileSync(entry, subpaths.map((name) => `Object.defineProperty(exports, ${JSON.stringify(name)}, { enumerable: true, get: () => require(${JSON.stringify(require.resolve(`${SDK}/${name}`, { paths: [REPO_ROOT] }))}) });`).join('\n'));
  execFileSync(process.execPath, [BUNDLE_SCRIPT, entry, join(temp, 'grafana-foundation-sdk.js')], { cwd: REPO_ROOT, stdio: 'pipe' });
  rmSync(entry);
  mkdirSync(join(temp, 'grafana-foundation-sdk'));
  for (const name of subpaths) {
    writeFileSync(join(temp, 'grafana-foundation-sdk', `${name}.js`), `module.exports = require('../grafana-foundation-sdk.js')[${JSON.stringify(name)}];\n`);
  }
  try {
    renameSync(temp, dir);
  } catch (error) {
    // Another jest process built the same bundles first: use theirs.
    rmSync(temp, { recursive: true, force: true });
    if (!existsSync(dir)) throw error;
  }
  // Bundles of earlier dependency sets are not used again.
  for (const entry of readdirSync(join(cacheRoot, 'jest-vendor'))) {
    if (entry !== key && !entry.startsWith('building-')) rmSync(join(cacheRoot, 'jest-vendor', entry), { recursive: true, force: true });
  }
  return dir;
}

/** jest's moduleNameMapper entries that point the packages at their bundles (none when switched off). */
function vendorModuleNameMapper() {
  if (process.env.MONITORING_JEST_VENDOR_BUNDLES === 'off') return {};
  const dir = vendorBundleDir();
  return {
    // The bundles may lie outside the repository (MONITORING_TEST_CACHE_DIR): their one external import,
    // constructs, resolves to the repository's, the copy the library and the tests use.
    '^constructs$': require.resolve('constructs', { paths: [REPO_ROOT] }),
    '^cdktf$': join(dir, 'cdktf.js'),
    '^yaml$': join(dir, 'yaml.js'),
    [`^${SDK}/(${sdkSubpaths().join('|')})$`]: join(dir, 'grafana-foundation-sdk', '$1.js'),
  };
}

module.exports = { vendorModuleNameMapper };

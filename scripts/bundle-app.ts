import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { join, resolve } from 'node:path';

const BUNDLE = resolve(__dirname, 'bundle.js');

/** Where esbuild runs, and the packages left as imports. */
export interface BundleAppOptions {
  readonly cwd: string;
  readonly external?: readonly string[];
}

/**
 * Bundles an app entry as scripts/app.sh bundles main.ts (`npm run synth`): scripts/bundle.js, one
 * CommonJS file for Node 20; `external` packages stay imports (a consumer's own cdktf and providers).
 * Returns the bundler's run; the caller decides what a failure means.
 */
export function bundleApp(entry: string, outfile: string, options: BundleAppOptions): SpawnSyncReturns<string> {
  const external = (options.external ?? []).map((name) => `--external=${name}`);
  return spawnSync(process.execPath, [BUNDLE, entry, outfile, ...external], {
    cwd: options.cwd,
    encoding: 'utf8',
  });
}

/** {@link bundleApp}, throwing with esbuild's messages when it fails; returns the bundle. */
export function bundleAppOrThrow(entry: string, outfile: string, options: BundleAppOptions): string {
  const run = bundleApp(entry, outfile, options);
  if (run.status !== 0) throw new Error(`esbuild could not bundle ${join(options.cwd, entry)}: ${run.stderr || run.error}`);
  return outfile;
}

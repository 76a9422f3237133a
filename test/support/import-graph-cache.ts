import { isAbsolute, join, relative } from 'node:path';
import { contentHash, peekJson, REPO_ROOT, storeJson } from './disk-cache';
import { measuringToolCpu, recordToolVerdict } from './tool-log';

/*
 * dependency-cruiser's verdict on a folder (a second or two per cruise), cached on disk by a hash of
 * every input (disk-cache.ts): a run with nothing changed reuses it, a change to any input cruises
 * again, and MONITORING_TEST_CACHE=off always cruises.
 */

/** What dependency-cruiser's JSON output holds that the cache needs: the summary, and every module reached. */
export interface CruiseOutput<Summary> {
  readonly summary: Summary;
  readonly modules: ReadonlyArray<{ readonly source: string; readonly coreModule?: boolean; readonly couldNotResolve?: boolean }>;
}

/**
 * What every cruise depends on besides the cruised folder: the rules, the TypeScript settings they
 * resolve with, the dependency-cruiser version and the packages imports resolve to (package-lock.json),
 * the dependencies' kinds (package.json), the command (the test) and this file.
 */
const CRUISE_INPUTS = [
  '.dependency-cruiser.cjs',
  'tsconfig.json',
  'package.json',
  'package-lock.json',
  'test/architecture/import-graph.test.ts',
  'test/support/import-graph-cache.ts',
];

/**
 * The summary of `cruise()`, a cruise run in `cwd` over files of `folder` (both relative to the
 * repository root), cached by a hash of `folder` and {@link CRUISE_INPUTS}. A result is kept only when
 * every module the cruise reached is a file in `folder`, a Node core module or a package that did not
 * resolve (which package-lock.json decides): one that reached other files, or a relative import that
 * did not resolve, depends on more than the key and is cruised again on every run.
 */
export function cachedCruiseSummary<Summary>(cwd: string, folder: string, cruise: () => CruiseOutput<Summary>): Summary {
  // the summary names the repository's path (optionsUsed.baseDir)
  const key = contentHash([folder, ...CRUISE_INPUTS], [process.version, REPO_ROOT, cwd]);
  const stored = peekJson<Summary>('monitoring-import-graph', key);
  recordToolVerdict('depcruise', stored === undefined ? 'ran' : 'cache');
  if (stored !== undefined) return stored;
  const output = measuringToolCpu('depcruise', cruise);
  const inFolder = (source: string) => {
    const path = relative(folder, relative(REPO_ROOT, join(REPO_ROOT, cwd, source)));
    return !path.startsWith('..') && !isAbsolute(path);
  };
  const bare = (source: string) => !source.startsWith('.') && !isAbsolute(source);
  const covered = output.modules.every((module) => module.coreModule || (module.couldNotResolve ? bare(module.source) : inFolder(module.source)));
  if (covered) storeJson('monitoring-import-graph', key, output.summary);
  return output.summary;
}

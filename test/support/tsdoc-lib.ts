import { join } from 'node:path';
import { findMissingDocs, MissingDoc } from '../docs/tsdoc-coverage';
import { cachedJson, contentHash, REPO_ROOT } from './disk-cache';
import { measuringToolCpu, recordToolVerdict } from './tool-log';

/**
 * What findMissingDocs of lib/ depends on: lib/ itself (the program never leaves it but for
 * node_modules), the compiler options, the pinned dependencies whose declarations it loads (typescript,
 * cdktf, the providers…), the checker and this file.
 */
const TSDOC_SOURCES: readonly string[] = ['lib', 'tsconfig.json', 'package-lock.json', 'test/docs/tsdoc-coverage.ts', 'test/support/tsdoc-lib.ts'];

/**
 * `findMissingDocs` of lib/, cached on disk (disk-cache.ts) by a hash of {@link TSDOC_SOURCES}: the
 * program over lib/ and its dependencies' declarations takes seconds to build, and its verdict changes
 * only when one of them does. MONITORING_TEST_CACHE=off computes it afresh.
 */
export function libMissingDocs(): MissingDoc[] {
  return cachedJson('monitoring-tsdoc', contentHash(TSDOC_SOURCES), () => {
    // The TypeScript compiler's verdict (a program over lib/, built in this process): logged as tsc.
    recordToolVerdict('tsc', 'ran');
    return measuringToolCpu('tsc', () => findMissingDocs(join(REPO_ROOT, 'lib')));
  });
}

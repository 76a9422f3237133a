import { performance } from 'node:perf_hooks';

/**
 * Times every `fs.writeFileSync` of this process from now on (the library's and cdktf's; both look the
 * function up on the module at each call), for the bench to print beside the synth time: on this VM's
 * disk, creating files took from ~0.04 to ~0.6 ms each depending on what was deleted just before, the
 * largest source of variation of the scale app (README "Performance"). Returns the total so far.
 */
export function timeFileWrites(): () => number {
  const fs: typeof import('node:fs') = require('node:fs');
  const write = fs.writeFileSync;
  let totalMs = 0;
  fs.writeFileSync = (...args: Parameters<typeof write>): void => {
    const started = performance.now();
    try {
      write(...args);
    } finally {
      totalMs += performance.now() - started;
    }
  };
  return () => totalMs;
}

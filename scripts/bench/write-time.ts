/**
 * Times every `fs.writeFileSync` of this process from now on (the library's and cdktf's; both look the
 * function up on the module at each call), for the bench to print beside the synth time: on this VM's
 * disk, creating a file took ~0.04 ms in some runs and ~0.6 ms in others (most often after large
 * deletions), the largest source of variation of the scale app (README "Performance"). Returns a
 * function that gives the total so far.
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

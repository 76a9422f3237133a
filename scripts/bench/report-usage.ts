/**
 * Prints the process's own wall time since start and peak resident memory, for the bench parent, plus
 * any measurements of the app's own (e.g. `workMs`, the time after module loading).
 */
export function reportUsage(extra: Record<string, unknown> = {}): void {
  const wallMs = performance.now();
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`\nBENCH ${JSON.stringify({ wallMs, peakRssMiB, ...extra })}\n`);
}

/** The files this process loaded from node_modules, in load order: what an app costs beyond its own code. */
export function dependencyFiles(): string[] {
  return Object.keys(require.cache).filter((file) => file.includes('/node_modules/'));
}

/**
 * Prints the process's own wall time since start and peak resident memory, for the bench parent, plus
 * any measurements of the app's own (e.g. `workMs`, the time after module loading).
 */
export function reportUsage(extra: Record<string, number> = {}): void {
  const wallMs = performance.now();
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`\nBENCH ${JSON.stringify({ wallMs, peakRssMiB, ...extra })}\n`);
}

/** Prints the process's own wall time since start and peak resident memory, for the bench parent. */
export function reportUsage(): void {
  const wallMs = performance.now();
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`\nBENCH ${JSON.stringify({ wallMs, peakRssMiB })}\n`);
}

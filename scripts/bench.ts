/**
 * `npm run bench`: measures synth of the full example app against a minimal one-release cdktf app,
 * alternating the two in the same run so that both see the same machine, and prints ratios.
 * Budget (issue 2): full / minimal ≤ 1.5× in wall time and in peak memory. Exits 1 over budget.
 * Then the SLO rules: rules per SLO and evaluation cost against Sloth's rules for the same SLOs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { benchSlo } from './bench-slo';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const BUDGET = 1.5;
const root = resolve(__dirname, '..');

interface Sample { wallMs: number; peakRssMiB: number }

function runApp(script: string): Sample {
  const outdir = mkdtempSync(join(tmpdir(), 'bench-'));
  const started = process.hrtime.bigint();
  const output = execFileSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'bench', script), outdir], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CHECKPOINT_DISABLE: '1' },
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  rmSync(outdir, { recursive: true, force: true });
  const line = output.split('\n').find((l) => l.startsWith('BENCH '));
  if (!line) throw new Error(`${script} printed no BENCH line`);
  return { wallMs, peakRssMiB: (JSON.parse(line.slice(6)) as Sample).peakRssMiB };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function main(): Promise<void> {
  const minimal: Sample[] = [];
  const full: Sample[] = [];
  runApp('minimal-app.ts'); // warm the file system cache and tsx's transpile cache for both
  runApp('full-app.ts');
  for (let round = 0; round < ROUNDS; round++) {
    minimal.push(runApp('minimal-app.ts'));
    full.push(runApp('full-app.ts'));
  }
  const rows = [
    ['wall time (ms, process start to exit)', median(minimal.map((s) => s.wallMs)), median(full.map((s) => s.wallMs))],
    ['peak memory (MiB RSS)', median(minimal.map((s) => s.peakRssMiB)), median(full.map((s) => s.peakRssMiB))],
  ] as const;
  console.log(`Synth of the full example app vs a minimal one-release cdktf app, median of ${ROUNDS} alternating rounds:`);
  let failed = false;
  for (const [what, base, ours] of rows) {
    const ratio = ours / base;
    const ok = ratio <= BUDGET;
    failed ||= !ok;
    console.log(`  ${what}: minimal ${base.toFixed(0)}, full ${ours.toFixed(0)}, ratio ${ratio.toFixed(2)}× (budget ≤ ${BUDGET}×) ${ok ? 'OK' : 'OVER BUDGET'}`);
  }

  console.log('');
  console.log(await benchSlo());
  if (failed) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

/**
 * `npm run bench`, three sections:
 *
 * 1. Issue 2: synth of the full example app against a minimal one-release cdktf app, alternating the
 *    two in the same run so that both see the same machine. Budget: full / minimal ≤ 1.5× in wall time
 *    and in peak memory. Printed beside it: the floor (the minimal app after loading the full app's
 *    dependencies) and where the full app's time goes.
 * 2. Issue 10 § 3: a generated app of 1,000 services (2 SLOs, the service health pack and a service
 *    dashboard each; scripts/bench/scale-app.ts). Budget on a 2-core machine: ≤ 15 s and ≤ 1.5 GiB,
 *    and linear growth: 1,000 services take ≤ 2.2× the time of 500 (alternated like section 1).
 * 3. The SLO rules: rules per SLO and evaluation cost against Sloth's rules for the same SLOs.
 *
 * Every number is printed against its budget; the exit code is 1 when any is over.
 * Rounds: BENCH_ROUNDS (section 1, default 5), BENCH_SCALE_ROUNDS (section 2, default 3).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { benchSlo } from './bench-slo';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SCALE_ROUNDS = Number(process.env.BENCH_SCALE_ROUNDS ?? 3);
const RATIO_BUDGET = 1.5;
const SCALE_SERVICES = 1000;
const SCALE_TIME_BUDGET_MS = 15_000;
const SCALE_MEMORY_BUDGET_MIB = 1536;
const LINEARITY_BUDGET = 2.2;
const root = resolve(__dirname, '..');

interface Sample {
  /** Process start to exit, measured by this parent. */
  readonly wallMs: number;
  readonly peakRssMiB: number;
  /** The app's own time after module loading (full and scale apps). */
  readonly workMs?: number;
  /** The time the full app spends loading the library and its dependencies. */
  readonly loadMs?: number;
  /** The files the full app loaded from node_modules, in load order. */
  readonly dependencyFiles?: string[];
  /** Bytes under the app's outdir (cdktf.out), and under its stacks/ and review/ folders. */
  readonly outputBytes: number;
  readonly stacksBytes: number;
  readonly reviewBytes: number;
}

/** Runs one app as `cdktf synth` runs it (`node --require tsx/cjs`, as in cdktf.json) in a fresh outdir. */
function runApp(script: string, ...args: string[]): Sample {
  const outdir = mkdtempSync(join(tmpdir(), 'bench-'));
  try {
    const started = process.hrtime.bigint();
    const output = execFileSync(process.execPath, ['--require', 'tsx/cjs', join(root, 'scripts', 'bench', script), outdir, ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, CHECKPOINT_DISABLE: '1' },
      maxBuffer: 64 * 1024 * 1024,
    });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const line = output.split('\n').find((l) => l.startsWith('BENCH '));
    if (!line) throw new Error(`${script} printed no BENCH line`);
    const reported = JSON.parse(line.slice(6)) as { peakRssMiB: number; workMs?: number; loadMs?: number; dependencyFiles?: string[] };
    return {
      wallMs,
      peakRssMiB: reported.peakRssMiB,
      workMs: reported.workMs,
      loadMs: reported.loadMs,
      dependencyFiles: reported.dependencyFiles,
      outputBytes: bytesUnder(outdir),
      stacksBytes: bytesUnder(join(outdir, 'stacks')),
      reviewBytes: bytesUnder(join(outdir, 'review')),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function bytesUnder(path: string): number {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + bytesUnder(join(path, name)), 0);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function verdict(ok: boolean): string {
  return ok ? 'OK' : 'OVER BUDGET';
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/**
 * Section 1. Returns whether it is within budget. Besides the budgeted ratio it measures the floor: the
 * one-release app after loading every file the full app loads from node_modules (cdktf, the providers'
 * deep imports, and the libraries the standards prescribe: yaml, the lezer parsers, the Grafana
 * foundation SDK), so that a reader sees how much of the ratio is this repository's code.
 */
function benchFullVsMinimal(): boolean {
  const minimal: Sample[] = [];
  const dependencies: Sample[] = [];
  const full: Sample[] = [];
  runApp('minimal-app.ts'); // warm the file system cache and tsx's transpile cache for all three
  const files = runApp('full-app.ts').dependencyFiles;
  if (!files?.length) throw new Error('full-app.ts reported no files loaded from node_modules');
  const listDir = mkdtempSync(join(tmpdir(), 'bench-files-'));
  const listFile = join(listDir, 'dependency-files.json');
  writeFileSync(listFile, JSON.stringify(files));
  try {
    runApp('dependencies-app.ts', listFile);
    for (let round = 0; round < ROUNDS; round++) {
      minimal.push(runApp('minimal-app.ts'));
      dependencies.push(runApp('dependencies-app.ts', listFile));
      full.push(runApp('full-app.ts'));
    }
  } finally {
    rmSync(listDir, { recursive: true, force: true });
  }
  const wall = (samples: Sample[]) => median(samples.map((s) => s.wallMs));
  const memory = (samples: Sample[]) => median(samples.map((s) => s.peakRssMiB));
  const rows = [
    ['wall time (ms, process start to exit)', wall(minimal), wall(full), wall(dependencies)],
    ['peak memory (MiB RSS)', memory(minimal), memory(full), memory(dependencies)],
  ] as const;
  console.log(`Synth of the full example app vs a minimal one-release cdktf app, median of ${ROUNDS} alternating rounds:`);
  let ok = true;
  for (const [what, base, ours, floor] of rows) {
    const ratio = ours / base;
    ok &&= ratio <= RATIO_BUDGET;
    console.log(`  ${what}: minimal ${base.toFixed(0)}, full ${ours.toFixed(0)}, ratio ${ratio.toFixed(2)}× (budget ≤ ${RATIO_BUDGET}×) ${verdict(ratio <= RATIO_BUDGET)}`);
    console.log(`    floor, the minimal app after loading the full app's ${files.length} dependency files and none of our code: ${floor.toFixed(0)}, ${(floor / base).toFixed(2)}×`);
  }
  const loadMs = median(full.map((s) => s.loadMs ?? Number.NaN));
  const workMs = median(full.map((s) => s.workMs ?? Number.NaN));
  console.log(`  full app: ${loadMs.toFixed(0)} ms loading the library and its dependencies, ${workMs.toFixed(0)} ms building and synthesizing its stacks`);
  const room = RATIO_BUDGET * wall(minimal) - wall(dependencies);
  console.log(`  the budget leaves ${room.toFixed(0)} ms above the floor for this repository's code, which takes ${(wall(full) - wall(dependencies)).toFixed(0)} ms`);
  return ok;
}

/** Section 2. Returns whether it is within budget. */
function benchScale(): boolean {
  const half = SCALE_SERVICES / 2;
  const large: Sample[] = [];
  const small: Sample[] = [];
  runApp('scale-app.ts', '10'); // warm tsx's transpile cache
  for (let round = 0; round < SCALE_ROUNDS; round++) {
    small.push(runApp('scale-app.ts', String(half)));
    large.push(runApp('scale-app.ts', String(SCALE_SERVICES)));
  }
  const summary = (samples: Sample[]) => ({
    wallMs: median(samples.map((s) => s.wallMs)),
    workMs: median(samples.map((s) => s.workMs ?? Number.NaN)),
    peakRssMiB: median(samples.map((s) => s.peakRssMiB)),
    sample: samples[0],
  });
  const big = summary(large);
  const little = summary(small);
  const timeOk = big.wallMs <= SCALE_TIME_BUDGET_MS;
  const memoryOk = big.peakRssMiB <= SCALE_MEMORY_BUDGET_MIB;
  const workRatio = big.workMs / little.workMs;
  const wallRatio = big.wallMs / little.wallMs;
  const linearOk = workRatio <= LINEARITY_BUDGET;
  console.log(`Synth at scale: a generated app of N services, each with 2 SLOs, the service health rule pack and a service dashboard; median of ${SCALE_ROUNDS} alternating rounds:`);
  console.log(`  ${SCALE_SERVICES} services: synth time ${(big.wallMs / 1000).toFixed(1)} s, process start to exit (budget ≤ ${SCALE_TIME_BUDGET_MS / 1000} s) ${verdict(timeOk)}`);
  console.log(`  ${SCALE_SERVICES} services: peak memory ${big.peakRssMiB.toFixed(0)} MiB RSS (budget ≤ ${SCALE_MEMORY_BUDGET_MIB} MiB) ${verdict(memoryOk)}`);
  console.log(`  ${SCALE_SERVICES} services: output ${mb(big.sample.outputBytes)} in cdktf.out (Terraform JSON ${mb(big.sample.stacksBytes)}, review artifacts ${mb(big.sample.reviewBytes)})`);
  console.log(`  ${half} services: synth time ${(little.wallMs / 1000).toFixed(1)} s, peak memory ${little.peakRssMiB.toFixed(0)} MiB, output ${mb(little.sample.outputBytes)}`);
  console.log(
    `  linearity, ${SCALE_SERVICES} vs ${half} services: ${workRatio.toFixed(2)}× the time after module loading (budget ≤ ${LINEARITY_BUDGET}×) ${verdict(linearOk)}; ` +
      `${wallRatio.toFixed(2)}× process start to exit`,
  );
  return timeOk && memoryOk && linearOk;
}

async function main(): Promise<void> {
  let ok = benchFullVsMinimal();
  console.log('');
  ok = benchScale() && ok;
  console.log('');
  console.log(await benchSlo());
  if (!ok) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarizeToolCpu, summarizeToolLog, ToolVerdictCount } from '../../test/support/tool-log';
import { childCpuSeconds } from '../../test/support/child-cpu';

/** One run of `npm test` (`tsc --noEmit` then jest), as the bench measures it. */
export interface SuiteRun {
  /** Wall time of both steps, seconds. */
  readonly wallSeconds: number;
  readonly tscSeconds: number;
  readonly jestSeconds: number;
  /** CPU seconds (user + system) of the run and everything it started; undefined without /proc. */
  readonly cpuSeconds?: number;
  readonly tests: number;
  readonly failed: number;
  readonly suites: number;
  /** The slowest test files, seconds each (their own wall time, under the run's parallelism). */
  readonly slowest: ReadonlyArray<readonly [file: string, seconds: number]>;
  /** The real-tool verdicts the tests asked for, per tool: run, or served from the test cache (test/support/tool-log.ts). */
  readonly toolVerdicts: Record<string, ToolVerdictCount>;
  /**
   * The CPU seconds of the real tools' runs, per tool (test/support/tool-log.ts, measuringToolCpu): the
   * processes the tests waited for and the programs they built in-process (tsc, API Extractor,
   * dependency-cruiser); not the Prometheus and Alertmanager processes the end-to-end tests start.
   */
  readonly toolCpuSeconds: Record<string, number>;
}

/**
 * Runs `npm test`'s two steps in the repository, as a developer does. `cacheDir` is the test cache to
 * use (MONITORING_TEST_CACHE_DIR; by default node_modules/.cache); `cold` empties it first and runs tsc
 * without its incremental state: what a clean clone pays. A warm run after a cold one with the same
 * `cacheDir` measures the steady state of exactly this tree.
 */
export function runSuite(root: string, options: { cold?: boolean; cacheDir?: string } = {}): SuiteRun {
  const temp = mkdtempSync(join(tmpdir(), 'bench-suite-'));
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1' };
  if (options.cacheDir) {
    if (options.cold) rmSync(options.cacheDir, { recursive: true, force: true });
    env.MONITORING_TEST_CACHE_DIR = options.cacheDir;
  }
  const report = join(temp, 'jest.json');
  // This run's own log: the jest workers append one line per tool verdict.
  const toolLog = join(temp, 'tool-verdicts.tsv');
  env.MONITORING_TOOL_LOG = toolLog;
  try {
    const cpuBefore = childCpuSeconds();
    const started = process.hrtime.bigint();
    const tscArgs = options.cold ? ['--noEmit', '-p', '.', '--incremental', 'false'] : ['--noEmit', '-p', '.'];
    const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), ...tscArgs], { cwd: root, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const tscDone = process.hrtime.bigint();
    const jest = spawnSync(process.execPath, [join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '--json', `--outputFile=${report}`], { cwd: root, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const done = process.hrtime.bigint();
    const cpuAfter = childCpuSeconds();
    if (jest.status === null) throw new Error(`jest did not finish: ${jest.error?.message ?? jest.signal}`);
    if (tsc.status !== 0) console.log(`  (tsc --noEmit failed: ${(tsc.stdout ?? '').split('\n').filter(Boolean).slice(0, 3).join(' | ')})`);
    const result = JSON.parse(readFileSync(report, 'utf8')) as {
      numTotalTests: number;
      numFailedTests: number;
      numTotalTestSuites: number;
      testResults: Array<{ name: string; status: string; startTime: number; endTime: number; failureMessage?: string }>;
    };
    // A file that failed (a test, or loading it: then its tests are not even counted) makes the timing meaningless.
    const failedFiles = result.testResults.filter((r) => r.status === 'failed');
    if (failedFiles.length > 0) {
      const first = (failedFiles[0].failureMessage ?? '').split('\n').slice(0, 12).join('\n');
      throw new Error(`npm test failed in ${failedFiles.length} of ${result.numTotalTestSuites} files (${failedFiles.slice(0, 5).map((r) => r.name.slice(root.length + 1)).join(', ')}); no timing is reported.\n${first}`);
    }
    const seconds = (from: bigint, to: bigint) => Number(to - from) / 1e9;
    return {
      wallSeconds: seconds(started, done),
      tscSeconds: seconds(started, tscDone),
      jestSeconds: seconds(tscDone, done),
      cpuSeconds: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore,
      tests: result.numTotalTests,
      failed: result.numFailedTests,
      suites: result.numTotalTestSuites,
      slowest: result.testResults
        .map((r) => [r.name.slice(root.length + 1), (r.endTime - r.startTime) / 1000] as const)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5),
      toolVerdicts: summarizeToolLog(existsSync(toolLog) ? readFileSync(toolLog, 'utf8') : ''),
      toolCpuSeconds: summarizeToolCpu(existsSync(toolLog) ? readFileSync(toolLog, 'utf8') : ''),
    };
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/** The cores jest's workers share (maxWorkers: one more than the cores, jest.config.js). */
export const CORES = availableParallelism();

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capturingVerdicts, measuringToolCpu, recordToolVerdict, replayVerdicts, summarizeToolCpu, summarizeToolLog } from './tool-log';

/** Spins until this process has used `ms` more of CPU (CPU, not wall time: other workers share the cores). */
function spinCpu(ms: number): void {
  const start = process.cpuUsage();
  for (let used = process.cpuUsage(start); used.user + used.system < ms * 1000; used = process.cpuUsage(start));
}

/** The same, as a node script for a child process. */
const SPIN_CPU_SCRIPT = (ms: number) => `const start = process.cpuUsage(); for (let used = process.cpuUsage(start); used.user + used.system < ${ms * 1000}; used = process.cpuUsage(start));`;

describe('the real-tool verdict log', () => {
  const saved = process.env.MONITORING_TOOL_LOG;
  let dir: string;
  let log: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tool-log-test-'));
    log = join(dir, 'verdicts.tsv');
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.MONITORING_TOOL_LOG;
    else process.env.MONITORING_TOOL_LOG = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  test('writes nothing when MONITORING_TOOL_LOG is unset', () => {
    delete process.env.MONITORING_TOOL_LOG;
    recordToolVerdict('helm', 'ran');
    expect(existsSync(log)).toBe(false);
  });

  test('appends one line per verdict to the file it names', () => {
    process.env.MONITORING_TOOL_LOG = log;
    recordToolVerdict('helm', 'ran');
    recordToolVerdict('promtool', 'cache');
    recordToolVerdict('helm', 'cache');
    expect(readFileSync(log, 'utf8')).toBe('helm\tran\npromtool\tcache\nhelm\tcache\n');
  });

  test('captures the verdicts of a piece of work, nested captures seeing theirs, and replays them as cached', () => {
    process.env.MONITORING_TOOL_LOG = log;
    let inner: string[] = [];
    const outer = capturingVerdicts(() => {
      recordToolVerdict('helm', 'ran');
      inner = capturingVerdicts(() => recordToolVerdict('promtool', 'cache'));
    });
    recordToolVerdict('amtool', 'ran'); // after both: captured by neither
    expect([outer, inner]).toEqual([['helm', 'promtool'], ['promtool']]);
    replayVerdicts(outer);
    expect(readFileSync(log, 'utf8')).toBe('helm\tran\npromtool\tcache\namtool\tran\nhelm\tcache\npromtool\tcache\n');
  });

  test('summarizes the verdicts per tool, run and cached apart', () => {
    expect(summarizeToolLog('helm\tran\npromtool\tcache\nhelm\tcache\nhelm\tcache\namtool\tran\n')).toEqual({
      amtool: { ran: 1, cache: 0 },
      helm: { ran: 1, cache: 2 },
      promtool: { ran: 0, cache: 1 },
    });
    expect(Object.keys(summarizeToolLog('promtool\tran\namtool\tran\n'))).toEqual(['amtool', 'promtool']);
    expect(summarizeToolLog('')).toEqual({});
  });

  test('refuses a line that is not a verdict', () => {
    expect(() => summarizeToolLog('helm\tran\nhelm\tskipped\n')).toThrow('not a tool verdict line: "helm\\tskipped"');
    expect(() => summarizeToolLog('helm\n')).toThrow('not a tool verdict line: "helm"');
  });

  test('logs the CPU of a tool run in a child process it waits for', () => {
    // GIVEN a log  WHEN a measured run waits for a child that spins for 300 ms of CPU
    process.env.MONITORING_TOOL_LOG = log;
    const status = measuringToolCpu('promtool', () => spawnSync(process.execPath, ['-e', SPIN_CPU_SCRIPT(300)]).status);
    // THEN it returns the run's result, and one CPU line names the tool with at least the child's CPU
    expect(status).toBe(0);
    const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const [tool, kind, seconds] = lines[0].split('\t');
    expect([tool, kind]).toEqual(['promtool', 'cpu']);
    expect(Number(seconds)).toBeGreaterThanOrEqual(0.3);
  });

  test('logs the CPU of a tool run in this process, also when it throws', () => {
    process.env.MONITORING_TOOL_LOG = log;
    // GIVEN an in-process run that spins for 200 ms of CPU and then fails  WHEN it is measured
    const failing = () => measuringToolCpu('tsc', () => {
      spinCpu(200);
      throw new Error('the program failed');
    });
    // THEN the error reaches the caller and the CPU is logged
    expect(failing).toThrow('the program failed');
    expect(summarizeToolCpu(readFileSync(log, 'utf8')).tsc).toBeGreaterThanOrEqual(0.2);
  });

  test('logs no CPU when MONITORING_TOOL_LOG is unset', () => {
    delete process.env.MONITORING_TOOL_LOG;
    expect(measuringToolCpu('helm', () => 'rendered')).toBe('rendered');
    expect(existsSync(log)).toBe(false);
  });

  test('sums the CPU per tool, and the verdict summary leaves the CPU lines out', () => {
    const text = 'helm\tran\nhelm\tcpu\t1.250\npromtool\tcpu\t0.5\nhelm\tcpu\t0.750\n';
    expect(summarizeToolCpu(text)).toEqual({ helm: 2, promtool: 0.5 });
    expect(Object.keys(summarizeToolCpu('promtool\tcpu\t1\namtool\tcpu\t1\n'))).toEqual(['amtool', 'promtool']);
    expect(summarizeToolLog(text)).toEqual({ helm: { ran: 1, cache: 0 } });
  });

  test('refuses a CPU line without a number of seconds', () => {
    expect(() => summarizeToolCpu('helm\tcpu\tfast\n')).toThrow('not a tool verdict line: "helm\\tcpu\\tfast"');
    expect(() => summarizeToolCpu('helm\tcpu\n')).toThrow('not a tool verdict line: "helm\\tcpu"');
    expect(() => summarizeToolLog('helm\tcpu\t-1\n')).toThrow('not a tool verdict line');
  });
});

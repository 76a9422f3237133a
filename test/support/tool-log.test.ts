import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capturingVerdicts, recordToolVerdict, replayVerdicts, summarizeToolLog } from './tool-log';

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
});

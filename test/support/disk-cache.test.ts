import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CACHE_ROOT, cachedDirectory, cachedJson, contentHash } from './disk-cache';
import { recordToolVerdict, summarizeToolLog } from './tool-log';
import { describeWithTool, promtoolCheckRules } from './tools';

const area = `test-disk-cache-${process.pid}`;
const work = mkdtempSync(join(tmpdir(), 'disk-cache-test-'));
// These tests are about the cache: on even in a run with MONITORING_TEST_CACHE=off.
const setting = process.env.MONITORING_TEST_CACHE;
beforeEach(() => {
  process.env.MONITORING_TEST_CACHE = 'on';
});
afterAll(() => {
  if (setting === undefined) delete process.env.MONITORING_TEST_CACHE;
  else process.env.MONITORING_TEST_CACHE = setting;
  rmSync(work, { recursive: true, force: true });
  rmSync(join(CACHE_ROOT, area), { recursive: true, force: true });
});

describe('the test cache on disk', () => {
  test('the key changes with any input file and with the extra strings, and only with them', () => {
    const file = join(work, 'input.txt');
    writeFileSync(file, 'one');
    const first = contentHash([file], ['x']);
    expect(contentHash([file], ['x'])).toBe(first);
    expect(contentHash([file], ['y'])).not.toBe(first);
    writeFileSync(file, 'two');
    expect(contentHash([file], ['x'])).not.toBe(first);
  });

  test('an entry is filled once per key; a new key fills again', () => {
    let fills = 0;
    const fill = (dir: string) => {
      fills++;
      writeFileSync(join(dir, 'out.txt'), `fill ${fills}`);
    };
    const a = cachedDirectory(area, 'a', fill);
    const again = cachedDirectory(area, 'a', fill);
    expect([again, readFileSync(join(again, 'out.txt'), 'utf8'), fills]).toEqual([a, 'fill 1', 1]);
    cachedDirectory(area, 'b', fill);
    expect(fills).toBe(2);
  });

  test('a failing fill caches nothing, and the next call computes', () => {
    expect(() => cachedJson(area, 'fails', () => { throw new Error('boom'); })).toThrow('boom');
    expect(cachedJson(area, 'fails', () => 42)).toBe(42);
    expect(cachedJson(area, 'fails', () => 0)).toBe(42);
  });

  test('an entry used again records the real-tool verdicts of its fill as served from the cache, nested entries included', () => {
    const log = join(work, 'verdicts.tsv');
    const saved = process.env.MONITORING_TOOL_LOG;
    process.env.MONITORING_TOOL_LOG = log;
    try {
      // GIVEN an entry whose fill runs helm twice and uses an inner entry whose fill runs promtool once
      const inner = () => cachedJson(area, 'verdicts-inner', () => {
        recordToolVerdict('promtool', 'ran');
        return 1;
      });
      const outer = () => cachedJson(area, 'verdicts-outer', () => {
        recordToolVerdict('helm', 'ran');
        recordToolVerdict('helm', 'ran');
        return inner() + 1;
      });
      // WHEN the outer entry is filled, then used twice, and the inner one used on its own
      expect([outer(), outer(), outer(), inner()]).toEqual([2, 2, 2, 1]);
      // THEN every use gives the same verdicts: once run, then from the cache
      expect(summarizeToolLog(readFileSync(log, 'utf8'))).toEqual({ helm: { ran: 2, cache: 4 }, promtool: { ran: 1, cache: 3 } });
    } finally {
      if (saved === undefined) delete process.env.MONITORING_TOOL_LOG;
      else process.env.MONITORING_TOOL_LOG = saved;
    }
  });

  test('MONITORING_TEST_CACHE=off computes every time', () => {
    process.env.MONITORING_TEST_CACHE = 'off';
    let calls = 0;
    cachedJson(area, 'off', () => ++calls);
    cachedJson(area, 'off', () => ++calls);
    expect(calls).toBe(2);
  });
});

describeWithTool('promtool', 'cached tool verdicts', () => {
  const broken = `groups:\n  - name: g-${process.pid}-${Date.now()}\n    rules:\n      - alert: A\n        expr: sum(\n`;

  test('a failing verdict is the same when reused, with the current file named in it', () => {
    // GIVEN a rule file promtool refuses, checked twice from different temporary folders
    const first = promtoolCheckRules(broken);
    const second = promtoolCheckRules(broken);
    // THEN both fail the same way, and each names its own file (not the folder of the first run)
    expect(first.status).not.toBe(0);
    expect(second.status).toBe(first.status);
    // the folder's whole path, wherever the temporary folder is (TMPDIR)
    const folder = (output: string) => /[^\s'"]*\/monitoring-test-[^/]+/.exec(output)?.[0];
    expect(folder(second.output)?.startsWith(`${tmpdir()}/`)).toBe(true);
    expect(second.output.replaceAll(folder(second.output)!, '<dir>')).toBe(first.output.replaceAll(folder(first.output)!, '<dir>'));
    expect(folder(second.output)).not.toBe(folder(first.output));
  });

  test('a changed file is checked again: the fixed rule passes', () => {
    expect(promtoolCheckRules(broken.replace('sum(\n', 'sum(up)\n')).output).toContain('SUCCESS');
  });
});

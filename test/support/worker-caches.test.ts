import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vm from 'node:vm';

/** What worker-caches.js exports (plain JavaScript: jest loads it before any transform). */
interface WorkerCaches {
  withCodeCache(compileFunction: typeof vm.compileFunction): typeof vm.compileFunction;
  SourceTexts: new () => { serve(cacheFS: Map<string, string>): void };
}
const { SourceTexts, withCodeCache } = require('./worker-caches') as WorkerCaches;

/*
 * test/support/worker-caches.js, which worker-runtime.js installs in every jest worker: V8's code cache
 * handed back only for what it was made for, and source texts served again only while a file's stat is
 * unchanged.
 */

describe('withCodeCache', () => {
  const compile = withCodeCache(vm.compileFunction);
  const file = `/worker-caches-probe/${process.pid}.js`;
  const source = 'const doubled = x * 2;\nreturn doubled + 1;';

  test('a second compile of the same source uses the first one\'s code cache, and runs the same', () => {
    // GIVEN a module compiled once
    const first = compile(source, ['x'], { filename: file });
    // WHEN the same source is compiled again under the same file name
    const second = compile(source, ['x'], { filename: file });
    // THEN the first produced V8's code cache and the second was handed it (accepted, not rejected)
    expect(first.cachedDataProduced).toBe(true);
    expect(second.cachedDataRejected).toBe(false);
    expect(second(20)).toBe(41);
    expect(first(20)).toBe(41);
  });

  test('a changed source under the same file name compiles anew, and runs the new code', () => {
    compile(source, ['x'], { filename: `${file}.changed` });
    const changed = compile('return x * 3;', ['x'], { filename: `${file}.changed` });
    expect(changed.cachedDataRejected).toBeUndefined();
    expect(changed.cachedDataProduced).toBe(true);
    expect(changed(20)).toBe(60);
  });

  test('the same source with other parameter names compiles anew, and reads the new parameter', () => {
    // (V8 itself accepts the cache of `function (x)` for `function (y)`, and runs the old function.)
    const body = 'return typeof x === "number" ? x : -1;';
    compile(body, ['x'], { filename: `${file}.params` });
    const renamed = compile(body, ['y'], { filename: `${file}.params` });
    expect(renamed.cachedDataRejected).toBeUndefined();
    expect(renamed(5)).toBe(-1);
  });

  test('the same source at another line offset compiles anew: its stack traces name the new lines', () => {
    const body = 'return new Error("here").stack;';
    compile(body, [], { filename: `${file}.offset` });
    const moved = compile(body, [], { filename: `${file}.offset`, lineOffset: 40 });
    expect(moved.cachedDataRejected).toBeUndefined();
    expect(moved()).toContain(`${file}.offset:41:`);
  });

  test('a caller\'s own cache options and context extensions are left to V8', () => {
    const own = compile(source, ['x'], { filename: `${file}.own`, produceCachedData: false });
    expect(own.cachedDataProduced).toBeUndefined();
    expect(own(1)).toBe(3);
    const extended = compile('return x + y;', ['x'], { filename: `${file}.own`, contextExtensions: [{ y: 1 }] });
    expect(extended.cachedDataProduced).toBeUndefined();
    expect(extended(1)).toBe(2);
  });
});

describe('SourceTexts', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'worker-caches-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A test file's cacheFS as jest makes it (holding the test file's own source), served by `texts`. */
  const cacheFsOf = (texts: InstanceType<WorkerCaches['SourceTexts']>, held: Record<string, string> = {}) => {
    const cacheFS = new Map(Object.entries(held));
    texts.serve(cacheFS);
    return cacheFS;
  };

  test('a later test file gets the text read for an earlier one while the file\'s stat is unchanged', () => {
    // GIVEN a module read for one test file
    const module = join(dir, 'module.js');
    const modified = 1_700_000_000; // whole seconds: set again exactly below
    writeFileSync(module, 'module.exports = 1;\n');
    utimesSync(module, modified, modified);
    const texts = new SourceTexts();
    const first = cacheFsOf(texts);
    expect(first.get(module)).toBe('module.exports = 1;\n');
    expect(first.has(module)).toBe(true);
    // WHEN its bytes change but neither its size nor its modification time does
    writeFileSync(module, 'module.exports = 2;\n');
    utimesSync(module, modified, modified);
    // THEN the next test file is served the text read before: it was not read again
    expect(cacheFsOf(texts).get(module)).toBe('module.exports = 1;\n');
  });

  test('a file whose size or modification time changed is read again', () => {
    const module = join(dir, 'module.js');
    writeFileSync(module, 'module.exports = 1;\n');
    const texts = new SourceTexts();
    cacheFsOf(texts).get(module);
    // a new size
    writeFileSync(module, 'module.exports = 10;\n');
    expect(cacheFsOf(texts).get(module)).toBe('module.exports = 10;\n');
    // the same size, a new modification time
    writeFileSync(module, 'module.exports = 20;\n');
    const later = new Date(statSync(module).mtimeMs + 5_000);
    utimesSync(module, later, later);
    expect(cacheFsOf(texts).get(module)).toBe('module.exports = 20;\n');
  });

  test('what the test file\'s cacheFS holds is its own; a missing file or a folder is left to jest', () => {
    const module = join(dir, 'module.js');
    writeFileSync(module, 'on disk\n');
    const texts = new SourceTexts();
    expect(cacheFsOf(texts, { [module]: 'held by jest\n' }).get(module)).toBe('held by jest\n');
    const cacheFS = cacheFsOf(texts);
    expect(cacheFS.get(join(dir, 'missing.js'))).toBeUndefined();
    mkdirSync(join(dir, 'folder'));
    expect(cacheFS.get(join(dir, 'folder'))).toBeUndefined();
    expect(cacheFS.size).toBe(0);
  });
});

describe('this worker (jest.config.js runtime: test/support/worker-runtime.js)', () => {
  const enabled = process.env.MONITORING_JEST_WORKER_CACHES !== 'off';

  test(enabled ? 'compiles with the code cache' : 'compiles as Node does (MONITORING_JEST_WORKER_CACHES=off)', () => {
    const file = `/worker-caches-probe/${process.pid}-worker.js`;
    vm.compileFunction('return 1;', [], { filename: file });
    const again = vm.compileFunction('return 1;', [], { filename: file });
    expect(again.cachedDataRejected).toBe(enabled ? false : undefined);
  });
});

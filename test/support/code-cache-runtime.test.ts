import * as vm from 'node:vm';

/*
 * test/support/code-cache-runtime.js, as this very worker runs it (jest.config.js names it as the
 * runtime): vm.compileFunction keeps V8's code cache per file name and hands it back for the same source,
 * never for a changed one.
 */

type Compiled = ReturnType<typeof vm.compileFunction>;
const compile = (source: string, filename: string): Compiled => vm.compileFunction(source, ['x'], { filename });

const codeCacheOn = process.env.MONITORING_JEST_CODE_CACHE !== 'off';

(codeCacheOn ? describe : describe.skip)('the code cache of jest workers', () => {
  const file = `/code-cache-probe/${process.pid}-${Date.now()}.js`;
  const source = 'const doubled = x * 2;\nreturn doubled + 1;';

  test('a second compile of the same source uses the first one\'s code cache, and runs the same', () => {
    // GIVEN a module compiled once in this worker
    const first = compile(source, file);
    // WHEN the same source is compiled again under the same file name
    const second = compile(source, file);
    // THEN the first produced V8's code cache and the second was handed it (accepted, not rejected)
    expect(first.cachedDataProduced).toBe(true);
    expect(second.cachedDataRejected).toBe(false);
    expect(second(20)).toBe(41);
    expect(first(20)).toBe(41);
  });

  test('a changed source under the same file name compiles anew, and runs the new code', () => {
    compile(source, `${file}.changed`);
    const changed = compile('return x * 3;', `${file}.changed`);
    expect(changed.cachedDataRejected).toBeUndefined();
    expect(changed.cachedDataProduced).toBe(true);
    expect(changed(20)).toBe(60);
  });

  test('the same source with other parameter names compiles anew, and reads the new parameter', () => {
    const body = 'return typeof x === "number" ? x : -1;';
    vm.compileFunction(body, ['x'], { filename: `${file}.params` });
    const renamed = vm.compileFunction(body, ['y'], { filename: `${file}.params` });
    expect(renamed.cachedDataRejected).toBeUndefined();
    expect(renamed(5)).toBe(-1);
  });

  test('the same source at another line offset compiles anew: its stack traces name the new lines', () => {
    const body = 'return new Error("here").stack;';
    vm.compileFunction(body, [], { filename: `${file}.offset` });
    const moved = vm.compileFunction(body, [], { filename: `${file}.offset`, lineOffset: 40 });
    expect(moved.cachedDataRejected).toBeUndefined();
    expect(moved()).toContain(`${file}.offset:41:`);
  });

  test('a caller\'s own cache options are left to V8', () => {
    const own = vm.compileFunction(source, ['x'], { filename: `${file}.own`, produceCachedData: false });
    expect(own.cachedDataProduced).toBeUndefined();
    expect(own(1)).toBe(3);
  });
});

if (!codeCacheOn) {
  test('with MONITORING_JEST_CODE_CACHE=off, vm.compileFunction is Node\'s own', () => {
    expect(vm.compileFunction('return x;', ['x'], { filename: '/code-cache-probe/off.js' }).cachedDataProduced).toBeUndefined();
  });
}

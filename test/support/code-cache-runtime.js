// @ts-check
/*
 * jest's runtime (jest-runtime, unchanged) with V8's code cache for the modules it compiles.
 *
 * jest gives every test file a fresh module registry, so a worker compiles the same modules again for
 * each file it runs (the vendor bundles of vendor-bundles.js, the library's ~250 modules): it does so with
 * `vm.compileFunction`, which in Node 20 does not reuse V8's in-process compilation cache. Measured in
 * one process running the whole suite: ~12 % of its CPU was that compiling. Here the first compile of a
 * module in a worker asks V8 for its code cache, and later compiles of the same source in that worker
 * hand it back, so V8 deserializes what it parsed before instead of parsing again. The source, the
 * parameter names and the line and column offsets are compared in full (a changed file compiles anew), and V8 itself rejects a cache that does not match the source or
 * its flags: then the module compiles as without this file. Nothing else of jest changes: the module
 * still runs in the test file's own context and registry. MONITORING_JEST_CODE_CACHE=off switches it off.
 *
 * jest.config.js names this file as `runtime`; jest loads it in each worker before the worker's first
 * test file.
 */
const vm = require('node:vm');

if (process.env.MONITORING_JEST_CODE_CACHE !== 'off') {
  const compileFunction = vm.compileFunction;
  /** @type {Map<string, { source: string, shape: string, cachedData: Buffer }>} by file name */
  const codeCaches = new Map();

  /** @type {typeof vm.compileFunction} */
  const compileFunctionWithCodeCache = (source, params, options = {}) => {
    const file = options.filename;
    const ownCache = options.cachedData !== undefined || options.produceCachedData !== undefined;
    if (file === undefined || ownCache || (options.contextExtensions ?? []).length > 0) return compileFunction(source, params, options);
    // The parameter names and the position offsets are part of the compiled function, as the source is.
    const shape = JSON.stringify([params ?? [], options.lineOffset ?? 0, options.columnOffset ?? 0]);
    const known = codeCaches.get(file);
    if (known !== undefined && known.source === source && known.shape === shape) {
      const compiled = compileFunction(source, params, { ...options, cachedData: known.cachedData });
      if (!compiled.cachedDataRejected) return compiled;
    }
    const compiled = compileFunction(source, params, { ...options, produceCachedData: true });
    if (compiled.cachedDataProduced && compiled.cachedData) codeCaches.set(file, { source, shape, cachedData: compiled.cachedData });
    return compiled;
  };
  // jest-runtime looks vm.compileFunction up on the module object at each compile.
  vm.compileFunction = compileFunctionWithCodeCache;
}

module.exports = require('jest-runtime');

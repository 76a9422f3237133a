// @ts-check
/*
 * What a jest worker keeps from one test file to the next (installed by worker-runtime.js).
 *
 * jest gives every test file a fresh module registry: a worker reads each module's source again and
 * compiles it again for each file it runs (the vendor bundles of vendor-bundles.js, the library's ~250
 * modules). Neither result changes within a run. Measured in one process running the whole suite: ~12 %
 * of its CPU was compiling (`vm.compileFunction`, which in Node 20 does not reuse V8's compilation cache)
 * and ~2.5 % reading sources. Loading this file changes nothing; the functions below wrap what they are given.
 */
const { readFileSync, statSync } = require('node:fs');

/**
 * `vm.compileFunction` that keeps V8's code cache of each file it compiles and hands it back when the
 * same file is compiled again, so V8 deserializes what it parsed before instead of parsing again. Only
 * for the same source, parameter names and line and column offsets (V8 accepts a cache made for other
 * parameter names and runs the old function); never with context extensions or a caller's own cache
 * options; a cache V8 rejects is compiled anew.
 * @param {typeof import('node:vm').compileFunction} compileFunction
 * @returns {typeof import('node:vm').compileFunction}
 */
function withCodeCache(compileFunction) {
  /** @type {Map<string, { source: string, shape: string, cachedData: Buffer }>} by file name */
  const codeCaches = new Map();
  return (source, params, options = {}) => {
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
}

/**
 * Source texts read for earlier test files, by file name, each with the modification time and size it
 * was read at: a file whose stat differs is read again (jest's own transform cache keys on the
 * modification time the same way).
 */
class SourceTexts {
  constructor() {
    /** @type {Map<string, { mtimeMs: number, size: number, text: string }>} */
    this.known = new Map();
  }

  /**
   * Makes `cacheFS`, the file-name-to-text map jest gives one test file's runtime and transformer,
   * answer from these texts: a file it does not hold yet is served from here (read when new or changed)
   * and added to it. A path that is not a readable regular file is left to jest, which reports it as it would.
   * @param {Map<string, string>} cacheFS
   */
  serve(cacheFS) {
    const own = cacheFS.get.bind(cacheFS);
    cacheFS.get = (file) => {
      const held = own(file);
      if (held !== undefined) return held;
      const text = this.read(file);
      if (text !== undefined) cacheFS.set(file, text);
      return text;
    };
  }

  /**
   * @param {string} file
   * @returns {string | undefined}
   */
  read(file) {
    let stat;
    try {
      stat = statSync(file);
    } catch {
      return undefined;
    }
    if (!stat.isFile()) return undefined;
    const known = this.known.get(file);
    if (known !== undefined && known.mtimeMs === stat.mtimeMs && known.size === stat.size) return known.text;
    const text = readFileSync(file, 'utf8');
    this.known.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, text });
    return text;
  }
}

module.exports = { withCodeCache, SourceTexts };

// @ts-check
/*
 * jest's runtime (jest-runtime, otherwise unchanged) keeping what does not change from one test file to
 * the next in a worker: the module sources it reads and V8's code cache of what it compiles
 * (worker-caches.js). Every module still runs in its test file's own context and registry.
 * jest.config.js names this file as `runtime`; jest loads it in each worker before the worker's first
 * test file. MONITORING_JEST_WORKER_CACHES=off runs jest's runtime as it is.
 */
const vm = require('node:vm');
const { default: Runtime } = require('jest-runtime');
const { SourceTexts, withCodeCache } = require('./worker-caches');

const enabled = process.env.MONITORING_JEST_WORKER_CACHES !== 'off';
const sourceTexts = new SourceTexts();

// jest-runtime looks vm.compileFunction up on the module object at each compile.
if (enabled) vm.compileFunction = withCodeCache(vm.compileFunction);

class WorkerRuntime extends Runtime {
  /** @param {ConstructorParameters<typeof Runtime>} args jest's; the fifth is the test file's `cacheFS`, which its transformer shares */
  constructor(...args) {
    if (enabled) sourceTexts.serve(args[4]);
    super(...args);
  }
}

module.exports = WorkerRuntime;

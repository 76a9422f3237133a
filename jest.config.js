/** Tests are transpiled by swc (no type checking: `tsc --noEmit` does that in `npm test`). */
const { availableParallelism } = require('node:os');
const { vendorModuleNameMapper } = require('./test/support/vendor-bundles');

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  // cdktf, yaml and the Grafana SDK, each loaded from one bundled file (test/support/vendor-bundles.js).
  moduleNameMapper: vendorModuleNameMapper(),
  // jest's runtime keeping module sources and V8's code cache from one test file to the next in a worker.
  runtime: '<rootDir>/test/support/worker-runtime.js',
  // One temporary folder per run, TMPDIR of the tests and the tools they start, removed at the end.
  globalSetup: '<rootDir>/test/support/jest-global-setup.js',
  globalTeardown: '<rootDir>/test/support/jest-global-teardown.js',
  // The packed-consumer and end-to-end tests start processes; give them room, keep unit tests fast.
  testTimeout: 120000,
  // One worker per core and one more: many suites wait on the real tools' processes (helm, promtool, a
  // running Prometheus), and the extra worker uses a core meanwhile (~6 % less wall time on 2 cores).
  maxWorkers: availableParallelism() + 1,
};

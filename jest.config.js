/** Tests are transpiled by swc (no type checking: `tsc --noEmit` does that in `npm test`). */
const { vendorModuleNameMapper } = require('./test/support/vendor-bundles');

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  // cdktf and the Grafana SDK, each loaded from one bundled file (test/support/vendor-bundles.js).
  moduleNameMapper: vendorModuleNameMapper(),
  // The packed-consumer and end-to-end tests start processes; give them room, keep unit tests fast.
  testTimeout: 120000,
  // One worker per core: jest's default (cores - 1) leaves one of this project's two cores idle while
  // most suites wait on synth and on the real tools' processes.
  maxWorkers: '100%',
};

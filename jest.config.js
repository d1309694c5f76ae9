/**
 * Two projects, both run by `npm test`: `unit` (no binaries) and `integration` (real terraform and helm).
 * Jest runs TypeScript through SWC: no per-file type checking (tsc --noEmit does that once in `npm test`).
 * The integration project's global setup plans the example once for every file that reads its plan.
 */
const shared = {
  testEnvironment: 'node',
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }],
    // augurs (the capacity forecast) ships only ES modules; jest's CommonJS registry needs them transformed.
    '^.+/node_modules/@bsull/augurs/.+\\.js$': ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@bsull/augurs/)'],
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  snapshotResolver: '<rootDir>/test/snapshot-resolver.js',
};

module.exports = {
  testTimeout: 120000,
  maxWorkers: 2,
  // Each test file gets a fresh module registry and a worker's heap grows with every file it ran (to about
  // 900 MB each); a worker past this between files is replaced, which keeps the suite's peak well under 2 GiB.
  workerIdleMemoryLimit: '500MB',
  projects: [
    { ...shared, displayName: 'unit', roots: ['<rootDir>/test/unit'] },
    {
      ...shared,
      displayName: 'integration',
      roots: ['<rootDir>/test/integration'],
      globalSetup: '<rootDir>/test/integration/example-plan/global-setup.ts',
      globalTeardown: '<rootDir>/test/integration/example-plan/global-teardown.ts',
    },
  ],
};

/** Jest runs TypeScript through SWC: no per-file type checking (tsc --noEmit does that once in `npm test`). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  snapshotResolver: '<rootDir>/test/snapshot-resolver.js',
  testTimeout: 120000,
  maxWorkers: 2,
};

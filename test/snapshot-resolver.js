// Keeps every snapshot under test/__snapshots__/, mirroring the test tree, as the design layout asks.
const path = require('path');

const testRoot = __dirname;
const snapshotRoot = path.join(testRoot, '__snapshots__');

module.exports = {
  resolveSnapshotPath: (testPath, extension) => path.join(snapshotRoot, path.relative(testRoot, testPath) + extension),
  resolveTestPath: (snapshotPath, extension) => path.join(testRoot, path.relative(snapshotRoot, snapshotPath).slice(0, -extension.length)),
  testPathForConsistencyCheck: path.join(testRoot, 'unit', 'stacks', 'example.test.ts'),
};

/** End-to-end tests: they start the built server (`node dist/src/main.js`) as a user would. */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  testMatch: ['**/test/e2e/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  globalSetup: undefined,
  globalTeardown: undefined,
  testTimeout: 120000,
};

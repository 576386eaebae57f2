// One jest run for every level; the file name says the level (*.unit / *.int / *.e2e .spec.ts).
const fs = require('node:fs');
const swcrc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swcrc.exclude;
delete swcrc.$schema;

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false, jsc: { ...swcrc.jsc, baseUrl: __dirname } }] },
  moduleNameMapper: {
    '^@app/([^/]+)$': '<rootDir>/libs/$1/src',
    '^@app/([^/]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  testTimeout: 60000,
  // Builds dist/ once so specs can spawn the compiled CLI as a separate process.
  globalSetup: '<rootDir>/test/support/global-setup.js',
  // Servers and subscriptions hold sockets; a clean shutdown is each spec's job, this only bounds a hang.
  forceExit: false,
  maxWorkers: 2,
};

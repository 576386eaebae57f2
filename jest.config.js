// One jest run for every level; the file name says the level (*.unit / *.int / *.e2e .spec.ts).
// ts-jest transpiles each file on its own (tsconfig's isolatedModules; no type check here: `npm test` runs tsc first).
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
  },
  moduleNameMapper: {
    '^@app/([^/]+)$': '<rootDir>/libs/$1/src',
    '^@app/([^/]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  testTimeout: 60000,
  // Builds dist/ once so specs can spawn the compiled CLI as a separate process.
  globalSetup: '<rootDir>/test/support/global-setup.js',
  maxWorkers: 2,
};

// One lint configuration for the repository; layout is Prettier's (.prettierrc.json), not ESLint's.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const noFiguresInComments = require('./scripts/eslint/no-figures-in-comments');

const nodeGlobals = Object.fromEntries(
  [
    'require',
    'module',
    'exports',
    'process',
    '__dirname',
    '__filename',
    'console',
    'Buffer',
    'URL',
    'performance',
    'fetch',
    'AbortController',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'setImmediate',
    'queueMicrotask',
  ].map((name) => [name, 'readonly']),
);

module.exports = tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', '.bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { local: { rules: { 'no-figures-in-comments': noFiguresInComments } } },
    rules: {
      'local/no-figures-in-comments': 'error',
      // `_` names are deliberate placeholders (destructuring a field away, an unused callback parameter).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Input validation matches control characters on purpose.
      'no-control-regex': 'off',
      // Rows of the read models and test fixtures have the shape their SQL gives them.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: nodeGlobals },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: nodeGlobals },
  },
);

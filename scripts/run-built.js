#!/usr/bin/env node
// Runs a compiled entry point of dist/ in this process, building first only when a source is newer than the last
// build (scripts/build-state.js): `npm run token` and the other CLIs start at once when nothing changed.
//   node scripts/run-built.js <entry under dist/> [arguments...]
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { isStale } = require('./build-state');

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  process.stderr.write('usage: node scripts/run-built.js <entry under dist/> [arguments...]\n');
  process.exit(2);
}
const root = path.resolve(__dirname, '..');
if (isStale()) {
  process.stderr.write('building (sources changed since the last build)...\n');
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const script = path.join(root, 'dist', entry);
process.argv = [process.argv[0], script, ...args];
require(script);

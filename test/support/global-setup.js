// Specs spawn the compiled CLI (dist/apps/eventstore/src/main.js) as a separate process, so the
// SWC build runs once before any spec. A failed build fails the run: stale output would lie.
const { execFileSync } = require('node:child_process');
const { resolve } = require('node:path');

module.exports = async function globalSetup() {
  const root = resolve(__dirname, '../..');
  try {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'pipe' });
  } catch (error) {
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`;
    throw new Error(`npm run build failed before the tests:\n${output}`);
  }
};

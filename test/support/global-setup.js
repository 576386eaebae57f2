// Specs spawn the compiled CLI (dist/apps/eventstore/src/main.js) as a separate process, so the
// build runs once before any spec. tsc still emits when some file has a type error, and `npm test`
// reports those errors in its typecheck step, so a failed build only fails the run here when it
// produced no CLI at all.
const { execFileSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { resolve } = require('node:path');

module.exports = async function globalSetup() {
  // Specs start many APIs with an embedded store at once: each on a free port, not the documented 2113 (workers and
  // the processes they spawn inherit this). A spec of the fixed address sets it itself.
  process.env.EVENTSTORE_PORT ??= '0';
  const root = resolve(__dirname, '../..');
  try {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'pipe' });
  } catch (error) {
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`;
    if (!existsSync(resolve(root, 'dist/apps/eventstore/src/main.js'))) {
      throw new Error(`npm run build failed before the tests:\n${output}`, { cause: error });
    }
    console.warn(`npm run build reported errors; the specs run against what it emitted:\n${output}`);
  }
};

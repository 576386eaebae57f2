// Whether dist/ is older than what it is built from: the CLIs (`npm run token`, `projections`, `eventstore`,
// `audit`) then build first, and otherwise start at once. The build writes dist/.built when it finishes.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const STAMP = path.join(root, 'dist', '.built');
const SOURCES = [
  'apps',
  'libs',
  'docs/asyncapi.json',
  'scripts/rewrite-aliases.js',
  'tsconfig.json',
  'tsconfig.build.json',
  'package-lock.json',
];

/** The newest modification time (ms) of a file or of any file below a folder; 0 when it does not exist. */
function newest(target) {
  let stat;
  try {
    stat = fs.statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) latest = Math.max(latest, newest(path.join(target, entry)));
  return latest;
}

/** True when the stamp is missing or any source changed after it was written. */
function isStale(base = root, stamp = STAMP, sources = SOURCES) {
  const built = newest(stamp);
  return built === 0 || sources.some((source) => newest(path.join(base, source)) > built);
}

function markBuilt(stamp = STAMP) {
  fs.writeFileSync(stamp, `${new Date().toISOString()}\n`);
}

module.exports = { isStale, markBuilt, newest };

// The processes the audit benchmarks run: the compiled event store (durable) and the API against it, each in its own
// process, on scratch data directories removed when they stop, or on a given directory kept for the next run.
'use strict';
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { accepts, freePort, startProcess, stopProcess } = require('../support');

const root = resolve(__dirname, '../..');
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

async function startStore(keptDir) {
  const port = await freePort();
  const dataDir = keptDir ?? mkdtempSync(join(tmpdir(), 'bench-audit-store-'));
  const child = await startProcess(
    [join(root, 'dist/apps/eventstore/src/main.js'), '--host', '127.0.0.1', '--port', String(port), '--data', dataDir],
    {},
    /esdb:\/\//,
  );
  while (!(await accepts(port))) await sleep(100);
  return {
    url: `esdb://127.0.0.1:${port}?tls=false`,
    pid: child.pid,
    stop: async () => (await stopProcess(child), keptDir ? undefined : rmSync(dataDir, { recursive: true, force: true })),
  };
}

/**
 * The API on the store, with the benchmark's JWT secret and no rate limit; `env` adds to or overrides the rest, and
 * `nodeArgs` go to node before the script (`--cpu-prof`, which NODE_OPTIONS does not accept); `checkout`: whose
 * dist/ to run (default: this one).
 */
async function startApi(storeUrl, jwtSecret, env = {}, keptDir = undefined, nodeArgs = [], checkout = root) {
  const port = await freePort();
  const dataDir = keptDir ?? mkdtempSync(join(tmpdir(), 'bench-audit-api-'));
  const child = await startProcess(
    [...nodeArgs, join(checkout, 'dist/apps/api/src/main.js')],
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      EVENTSTORE_URL: storeUrl,
      JWT_SECRET: jwtSecret,
      PROJECTOR: 'inline',
      PROCESS_MANAGER: 'off',
      RATE_LIMIT_PER_MINUTE: '1000000000',
      READ_YOUR_WRITES_TIMEOUT_MS: '300000',
      DATABASE_URL: '',
      ...env,
    },
    /API listening on/,
  ).catch((error) => {
    // An API that did not start leaves no scratch directory behind.
    if (!keptDir) rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    dataDir,
    stop: async () => (await stopProcess(child), keptDir ? undefined : rmSync(dataDir, { recursive: true, force: true })),
  };
}

module.exports = { startApi, startStore };

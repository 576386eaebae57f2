// The compiled CLI server as a child process, for the event store's benches.
'use strict';
const { spawn } = require('node:child_process');
const { join, resolve } = require('node:path');
const { accepts, freePort, processCpu } = require('../support');

const cli = join(resolve(__dirname, '../..'), 'dist/apps/eventstore/src/main.js');
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** The server with `storageArgs` (`--data <dir>`, `--memory` or `--null`), once it accepts connections. */
async function startServer(storageArgs) {
  const port = await freePort();
  const child = spawn(process.execPath, [cli, '--host', '127.0.0.1', '--port', String(port), ...storageArgs], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 30_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error('server did not start');
    await sleep(50);
  }
  const exited = new Promise((done) => child.once('exit', done));
  return {
    pid: child.pid,
    connectionString: `esdb://127.0.0.1:${port}?tls=false`,
    stop: async () => (child.kill('SIGTERM'), exited),
  };
}

/** Server CPU (all threads) in µs, or undefined off Linux. */
function serverCpu(pid) {
  const cpu = processCpu(pid);
  return cpu ? cpu.user + cpu.system : undefined;
}

module.exports = { cli, startServer, serverCpu };

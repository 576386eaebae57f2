// How long the commands a person types take to be useful, on a built tree (run `npm run build` first):
// `npm start` until GET /health first answers, on a fresh DATA_DIR and again on the data the first start left, and
// `npm run token -- --partner p1`. BENCH_RUNS (default 5) runs of each; prints every run and the medians.
//   node bench/startup/commands.js
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { loadavg, tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { isStale } = require('../../scripts/build-state');
const { freePort } = require('../support');

const root = resolve(__dirname, '../..');
const runs = Number(process.env.BENCH_RUNS || 5);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const load = () => loadavg()[0].toFixed(1);
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** Milliseconds from spawning `npm start` to the first answer of GET /health (whatever its status). */
async function startToHealth(dataDir) {
  const port = await freePort();
  const started = performance.now();
  // Its own process group: npm, its shell and node stop together.
  const child = spawn('npm', ['start', '--silent'], {
    cwd: root,
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, EVENTSTORE_PORT: 'off', LOG_LEVEL: 'warn' },
  });
  const exited = new Promise((done) => child.once('exit', done));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode} before answering`);
      try {
        await (await fetch(`http://127.0.0.1:${port}/health`)).arrayBuffer();
        return performance.now() - started;
      } catch {
        await sleep(5);
      }
    }
  } finally {
    process.kill(-child.pid, 'SIGTERM');
    const killer = setTimeout(() => process.kill(-child.pid, 'SIGKILL'), 15_000);
    await exited;
    clearTimeout(killer);
  }
}

function token() {
  const started = performance.now();
  const result = spawnSync('npm', ['run', 'token', '--silent', '--', '--partner', 'p1'], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0 || !/^ey/.test(result.stdout)) throw new Error(`npm run token failed:\n${result.stdout}${result.stderr}`);
  return performance.now() - started;
}

async function main() {
  if (isStale()) throw new Error('dist/ is older than the sources: run `npm run build` first (this measures a built tree)');
  console.log(`node ${process.version}, ${runs} runs each, load average ${load()} at the start`);
  const rows = { 'npm start → GET /health, fresh DATA_DIR': [], 'npm start → GET /health, existing DATA_DIR': [], 'npm run token': [] };
  const kept = mkdtempSync(join(tmpdir(), 'startup-kept-'));
  try {
    for (let i = 0; i < runs; i++) {
      const fresh = mkdtempSync(join(tmpdir(), 'startup-fresh-'));
      try {
        rows['npm start → GET /health, fresh DATA_DIR'].push(await startToHealth(fresh));
      } finally {
        rmSync(fresh, { recursive: true, force: true });
      }
      if (i === 0) await startToHealth(kept); // makes the data the later starts find
      rows['npm start → GET /health, existing DATA_DIR'].push(await startToHealth(kept));
      rows['npm run token'].push(token());
    }
  } finally {
    rmSync(kept, { recursive: true, force: true });
  }
  for (const [name, values] of Object.entries(rows)) {
    console.log(`${name}: median ${median(values).toFixed(0)} ms (runs: ${values.map((v) => v.toFixed(0)).join(', ')})`);
  }
  console.log(`load average ${load()} at the end`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

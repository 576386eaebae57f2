// Where the API's CPU goes, thread by thread, at a fixed request rate: `npm start`'s process (embedded
// durable store) under ChangeLicenseCount on 64 existing streams (or AddCustomer), driven by autocannon at
// BENCH_RATE req/s so that two builds, or the API and the floor, are compared at the same load (CPU per
// request changes with the rate). Prints CPU µs per 2xx request for the main thread and each worker thread
// (Linux /proc; the busiest worker is the event store's thread, the next with PROJECTOR=inline the projector's).
//   BENCH_RATE      requests per second (default 800)
//   BENCH_SECONDS   measured seconds (default 8)
//   BENCH_WARMUP_SECONDS  unmeasured seconds at the same rate first (default 3)
//   BENCH_WORKLOAD  `clc` (default) or `add`
//   PROJECTOR       `inline` (default) or `off`
//   TARGET          `api` (default) or `floor` (floor-app.js: the same appends with nothing of the API around them)
'use strict';
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const autocannon = require('autocannon');
const { freePort, startProcess, stopProcess, threadCpu } = require('../support');
const { SECRET, benchPartner, startFloor } = require('./workloads');

const RATE = Number(process.env.BENCH_RATE ?? 800);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const WORKLOAD = process.env.BENCH_WORKLOAD ?? 'clc';
const PROJECTOR = process.env.PROJECTOR ?? 'inline';
const FLOOR = process.env.TARGET === 'floor';

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-threads-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const floor = FLOOR ? await startFloor(port) : undefined;
  const api =
    floor?.process ??
    (await startProcess(
      [resolve(__dirname, '../../dist/apps/api/src/main.js')],
      {
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        JWT_SECRET: SECRET,
        PROJECTOR,
        RATE_LIMIT_PER_MINUTE: '1000000000',
      },
      /API listening on/,
    ));
  try {
    const { headers, addCustomer, changeLicenseCount } = floor ?? (await benchPartner(base));
    const requests = WORKLOAD === 'add' ? addCustomer : changeLicenseCount;
    const connections = WORKLOAD === 'add' ? 16 : 8;
    const options = { url: `${base}/v1/customers`, method: 'POST', headers, requests, connections, overallRate: RATE };
    await autocannon({ ...options, duration: WARMUP_SECONDS });
    const before = threadCpu(api.pid);
    const generatorBefore = process.cpuUsage();
    const result = await autocannon({ ...options, duration: SECONDS });
    const generator = process.cpuUsage(generatorBefore);
    const after = threadCpu(api.pid);
    const ok = result['2xx'];
    const perRequest = Object.entries(after).map(([thread, us]) => ({
      name: thread,
      tid: Number(thread.split('#').pop()),
      us: (us - (before[thread] ?? 0)) / ok,
    }));
    if (process.env.BENCH_VERBOSE) console.log(perRequest.map((t) => `${t.name} ${Math.round(t.us)}`).join('\n'));
    const main = perRequest.find((t) => t.tid === api.pid);
    const workers = perRequest.filter((t) => t.tid !== api.pid).sort((a, b) => b.us - a.us);
    const total = perRequest.reduce((sum, t) => sum + t.us, 0);
    console.log(
      `${WORKLOAD === 'add' ? 'AddCustomer, 16' : 'ChangeLicenseCount, 8'} connections at ${RATE} req/s for ${SECONDS} s, ${FLOOR ? 'floor' : `PROJECTOR=${PROJECTOR}`}: ` +
        `${Math.round(ok / SECONDS)} 2xx/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}`,
    );
    console.log('| thread | CPU µs per request |');
    console.log('| --- | ---: |');
    console.log(`| main (event loop) | ${Math.round(main.us)} |`);
    workers.slice(0, 2).forEach((t, i) => console.log(`| busiest worker ${i + 1} (tid ${t.tid}) | ${Math.round(t.us)} |`));
    console.log(
      `| the other ${workers.length - 2} threads (V8 platform, libuv pool, …) | ${Math.round(workers.slice(2).reduce((sum, t) => sum + t.us, 0))} |`,
    );
    console.log(`| whole process | ${Math.round(total)} |`);
    console.log(`| (the load generator, autocannon in this process) | ${Math.round((generator.user + generator.system) / ok)} |`);
  } finally {
    await stopProcess(api);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

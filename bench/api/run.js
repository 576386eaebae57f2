// Command throughput of the API (`node dist/apps/api/src/main.js`, embedded event store, durable) with
// autocannon: AddCustomer and RequestRelationship at 1, 16 and 64 connections, ChangeLicenseCount on
// existing streams at 8 connections. Two baselines, each as a ratio: a Nest + Fastify endpoint that does
// nothing (the HTTP ceiling), and the floor (floor-app.js: bare Fastify, the official client and the same
// embedded durable store doing exactly the same appends, with no validation, auth, domain or projector).
// The API runs twice: PROJECTOR=inline (what `npm start` does by default: read models projected in the API
// process) and PROJECTOR=off (a separate projector process would do it; not started here). The CPU
// columns are the server process's CPU time per 2xx request (Linux /proc): all its threads (event store
// thread and projector thread included) and its main (event loop) thread alone. Each row is the median
// run (by req/s) of BENCH_REPEATS; the range column shows the slowest and fastest.
//   BENCH_SECONDS  duration of each run (default 5)
//   BENCH_REPEATS  runs per row (default 3)
//   BENCH_WARMUP_SECONDS  unreported AddCustomer + ChangeLicenseCount load on each fresh API process first, so the
//                  1-connection rows do not pay its JIT warm-up (default 3; 0 skips it)
//   BENCH_STORE    `embedded` (default: the API's in-process durable store, as `npm start` runs it) or
//                  `memory` (a separate --memory event store process: the API's own cost without fsync)
'use strict';
const { mkdtempSync, rmSync } = require('node:fs');
const { freePort, processCpu, startProcess, stopProcess } = require('../support');
const { SECRET, benchPartner, startFloor } = require('./workloads');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const autocannon = require('autocannon');

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const root = resolve(__dirname, '../..');

/** CPU time (µs) of a process (all threads) and of its main thread, or null where /proc is missing. */
function cpuOf(pid) {
  const cpu = processCpu(pid);
  return cpu && { process: cpu.user + cpu.system, main: cpu.main };
}

async function once(url, connections, { method = 'POST', headers, body, requests, pid }) {
  const before = pid ? cpuOf(pid) : null;
  const result = await autocannon({ url, connections, duration: SECONDS, method, headers, body, requests, pipelining: 1 });
  const after = pid ? cpuOf(pid) : null;
  const ok = result['2xx'];
  const perRequest = (key) => (before && after && ok > 0 ? Math.round((after[key] - before[key]) / ok) : null);
  return {
    perSecond: ok / (result.duration || SECONDS),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors + result.timeouts,
    cpuUs: perRequest('process'),
    mainUs: perRequest('main'),
  };
}

/** BENCH_REPEATS runs of one workload: the median run by req/s, with the range of req/s. */
async function load(name, url, connections, options) {
  const runs = [];
  for (let i = 0; i < REPEATS; i++) runs.push(await once(url, connections, options));
  runs.sort((a, b) => a.perSecond - b.perSecond);
  const median = runs[Math.floor((runs.length - 1) / 2)];
  return {
    name,
    connections,
    ...median,
    slowest: runs[0].perSecond,
    fastest: runs[runs.length - 1].perSecond,
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
  };
}

/** The API with one PROJECTOR setting, the command workloads against it; rows labelled with the mode. */
async function commandRuns(projector, memory, storePort) {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-api-'));
  const apiPort = await freePort();
  const api = await startProcess(
    [join(root, 'dist/apps/api/src/main.js')],
    {
      PORT: String(apiPort),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      JWT_SECRET: SECRET,
      PROJECTOR: projector,
      // The benchmark measures the command path, not the per-partner limit (6,000/min by default).
      RATE_LIMIT_PER_MINUTE: '1000000000',
      ...(memory ? { EVENTSTORE_URL: `esdb://127.0.0.1:${storePort}?tls=false` } : {}),
    },
    /API listening on/,
  );
  const base = `http://127.0.0.1:${apiPort}`;
  const pid = api.pid;
  const rows = [];
  const label = (name) => `${name} [PROJECTOR=${projector}]`;
  try {
    const { headers, addCustomer, changeLicenseCount } = await benchPartner(base);
    const requestRelationship = JSON.stringify({ includeAdminPermissions: true, services: ['exchange'] });

    if (WARMUP_SECONDS > 0) {
      await autocannon({
        url: `${base}/v1/customers`,
        connections: 16,
        duration: WARMUP_SECONDS,
        method: 'POST',
        headers,
        requests: addCustomer,
      });
      await autocannon({
        url: `${base}/v1/customers`,
        connections: 8,
        duration: WARMUP_SECONDS,
        method: 'POST',
        headers,
        requests: changeLicenseCount,
      });
    }
    for (const connections of [1, 16, 64]) {
      rows.push(await load(label('AddCustomer'), `${base}/v1/customers`, connections, { headers, requests: addCustomer, pid }));
      rows.push(
        await load(label('RequestRelationship'), `${base}/v1/relationship-requests`, connections, {
          headers,
          body: requestRelationship,
          pid,
        }),
      );
    }
    rows.push(
      await load(label('ChangeLicenseCount (existing streams)'), `${base}/v1/customers`, 8, { headers, requests: changeLicenseCount, pid }),
    );
  } finally {
    await stopProcess(api);
    rmSync(dataDir, { recursive: true, force: true });
  }
  return rows;
}

/** The floor app: each command's appends (AddCustomer, RequestRelationship, ChangeLicenseCount) with nothing of the API around them. */
async function floorRuns() {
  const port = await freePort();
  const { process: floor, headers, addCustomer, changeLicenseCount } = await startFloor(port);
  const base = `http://127.0.0.1:${port}`;
  const rows = [];
  try {
    if (WARMUP_SECONDS > 0)
      await autocannon({
        url: `${base}/customers`,
        connections: 16,
        duration: WARMUP_SECONDS,
        method: 'POST',
        headers,
        requests: addCustomer,
      });
    const invitation = JSON.stringify({ includeAdminPermissions: true, services: ['exchange'] });
    for (const connections of [1, 16, 64]) {
      rows.push(
        await load('floor: AddCustomer appends', `${base}/customers`, connections, { headers, requests: addCustomer, pid: floor.pid }),
      );
      rows.push(
        await load('floor: RequestRelationship append', `${base}/invitations`, connections, { headers, body: invitation, pid: floor.pid }),
      );
    }
    rows.push(
      await load('floor: ChangeLicenseCount append', `${base}/customers`, 8, { headers, requests: changeLicenseCount, pid: floor.pid }),
    );
  } finally {
    await stopProcess(floor);
  }
  return rows;
}

async function main() {
  const noopPort = await freePort();
  const memory = process.env.BENCH_STORE === 'memory';
  const storePort = await freePort();
  const store = memory
    ? await startProcess(
        [join(root, 'dist/apps/eventstore/src/main.js'), '--memory', '--port', String(storePort)],
        {},
        /listening|started/i,
      )
    : null;
  const noop = await startProcess([join(__dirname, 'noop-app.js')], { PORT: String(noopPort) }, /NOOP listening/);
  const rows = [];
  try {
    for (const connections of [1, 8, 16, 64]) {
      rows.push(
        await load('no-op Nest+Fastify POST', `http://127.0.0.1:${noopPort}/noop`, connections, {
          headers: { 'content-type': 'application/json' },
          body: '{}',
          pid: noop.pid,
        }),
      );
    }
  } finally {
    await stopProcess(noop);
  }
  try {
    rows.push(...(await floorRuns()));
    for (const projector of ['inline', 'off']) rows.push(...(await commandRuns(projector, memory, storePort)));
  } finally {
    if (store) await stopProcess(store);
  }

  const ceiling = new Map(rows.filter((r) => r.name.startsWith('no-op')).map((r) => [r.connections, r.perSecond]));
  const floorRow = {
    AddCustomer: 'floor: AddCustomer appends',
    RequestRelationship: 'floor: RequestRelationship append',
    ChangeLicenseCount: 'floor: ChangeLicenseCount append',
  };
  const floorOf = (r) => rows.find((f) => f.name === floorRow[r.name.split(' ')[0]] && f.connections === r.connections)?.perSecond;
  console.log(
    `API command throughput (${SECONDS} s per run, median of ${REPEATS}, ${memory ? 'in-memory store process' : 'durable embedded store'}, 2xx only)`,
  );
  console.log('PROJECTOR=inline is what `npm start` runs by default; PROJECTOR=off leaves projection to a separate process.');
  console.log(
    '"floor" rows: bare Fastify + the official client + the embedded durable store doing the same appends and nothing else (floor-app.js).',
  );
  console.log(
    '| workload | conns | req/s | range req/s | p50 ms | p99 ms | non-2xx/errors | vs no-op | vs floor | CPU µs/req (process) | CPU µs/req (main thread) |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    const ratio = r.name.startsWith('no-op')
      ? '1.00'
      : ceiling.get(r.connections)
        ? (r.perSecond / ceiling.get(r.connections)).toFixed(2)
        : '';
    const floor = floorOf(r);
    const vsFloor = r.name.startsWith('floor') ? '1.00' : floor ? (r.perSecond / floor).toFixed(2) : '';
    console.log(
      `| ${r.name} | ${r.connections} | ${Math.round(r.perSecond)} | ${Math.round(r.slowest)}–${Math.round(r.fastest)} | ${r.p50} | ${r.p99} | ${r.errors} | ${ratio} | ${vsFloor} | ${r.cpuUs ?? 'n/a'} | ${r.mainUs ?? 'n/a'} |`,
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

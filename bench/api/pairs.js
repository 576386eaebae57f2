// The command API against its floor in the same minutes. floor-app.js and `npm start`'s API (embedded
// durable store) run side by side and their runs alternate, so every API run has a floor run beside it
// taken under the same host load: the machines this runs on change speed by a third within minutes, so
// a ratio of two runs taken at different times says little. Between runs both processes are left to go
// quiet (the inline projector catching up would otherwise load the next run). Prints each pair's req/s and
// p99 for #3's two target workloads, the API ÷ floor ratio, and the median ratio.
//   BENCH_PAIRS           pairs per workload (default 5)
//   BENCH_SECONDS         seconds per run (default 5)
//   BENCH_WARMUP_SECONDS  unmeasured load per workload on each process first (default 15)
//   PROJECTOR             `inline` (default, as `npm start`) or `off`
//   BENCH_WORKLOADS       comma-separated workload names to run (default both: ChangeLicenseCount,AddCustomer);
//                         AddCustomerKeyed is AddCustomer with a fresh Idempotency-Key on every request
//   BENCH_COMPARE         another checkout (built): its floor and API run beside these, so two builds' ratios come
//                         from the same minutes; a store change moves both floors, which a ratio alone would hide
//   BENCH_ENV_B           `NAME=value …` set for the compared checkout's API only (with BENCH_COMPARE: the same
//                         checkout twice, with and without a setting)
'use strict';
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const autocannon = require('autocannon');
const { envSettings, freePort, processCpu, startProcess, stopProcess } = require('../support');
const { SECRET, benchPartner } = require('./workloads');

const PAIRS = Number(process.env.BENCH_PAIRS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 15);
const PROJECTOR = process.env.PROJECTOR ?? 'inline';
const COMPARE = process.env.BENCH_COMPARE;

const ALL_WORKLOADS = [
  { name: 'ChangeLicenseCount', requests: 'changeLicenseCount', connections: 8, target: { perSecond: 2000, p99: 10 } },
  { name: 'AddCustomer', requests: 'addCustomer', connections: 64, target: { perSecond: 2500, p99: 49 } },
  { name: 'AddCustomerKeyed', requests: 'addCustomerKeyed', connections: 64, target: { perSecond: 2500, p99: 49 }, byDefault: false },
];

const chosen = process.env.BENCH_WORKLOADS?.split(',');
const WORKLOADS = ALL_WORKLOADS.filter((workload) => (chosen ? chosen.includes(workload.name) : workload.byDefault !== false));
if (WORKLOADS.length === 0) throw new Error(`BENCH_WORKLOADS: none of ${ALL_WORKLOADS.map((w) => w.name).join(', ')}`);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits (at most 30 s) until the processes use under 5% of a core over 300 ms. */
async function quiet(pids) {
  const cpu = () =>
    pids.reduce((sum, pid) => {
      const used = processCpu(pid);
      return sum + (used ? used.user + used.system : 0);
    }, 0);
  for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
    const before = cpu();
    await sleep(300);
    if (cpu() - before < 15_000) return;
  }
}

async function run(target, workload, duration) {
  const result = await autocannon({
    url: target.base,
    method: 'POST',
    headers: target.headers,
    requests: target[workload.requests],
    connections: workload.connections,
    duration,
  });
  return { perSecond: result['2xx'] / duration, p99: result.latency.p99, errors: result.non2xx + result.errors + result.timeouts };
}

/** `checkout`'s floor and API (its own dist/ and floor-app.js), each on a free port. */
async function startSystem(checkout, dataDir, env) {
  const floorPort = await freePort();
  const apiPort = await freePort();
  // The embedded store's gRPC port too: two checkouts' APIs run at once.
  const storePort = await freePort();
  const floor = await require(join(checkout, 'bench/api/workloads.js')).startFloor(floorPort);
  let api;
  try {
    api = await startProcess(
      [join(checkout, 'dist/apps/api/src/main.js')],
      {
        PORT: String(apiPort),
        EVENTSTORE_PORT: String(storePort),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        JWT_SECRET: SECRET,
        PROJECTOR,
        RATE_LIMIT_PER_MINUTE: '1000000000',
        ...env,
      },
      /API listening on/,
    );
  } catch (error) {
    await stopProcess(floor.process);
    throw error;
  }
  return {
    processes: [floor.process, api],
    floor: { ...floor, base: `http://127.0.0.1:${floorPort}/customers` },
    api: { ...(await benchPartner(`http://127.0.0.1:${apiPort}`)), base: `http://127.0.0.1:${apiPort}/v1/customers` },
  };
}

const median = (values) => [...values].sort((x, y) => x - y)[Math.floor((values.length - 1) / 2)];

async function main() {
  const checkouts = [resolve(__dirname, '../..'), ...(COMPARE ? [resolve(COMPARE)] : [])];
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-pairs-'));
  const systems = [];
  try {
    for (const [i, checkout] of checkouts.entries())
      systems.push(await startSystem(checkout, join(dataDir, String(i)), i === 1 ? envSettings(process.env.BENCH_ENV_B) : {}));
    const pids = systems.flatMap((system) => system.processes.map((p) => p.pid));
    console.log(`API (PROJECTOR=${PROJECTOR}) against the floor, alternating ${SECONDS} s runs, ${PAIRS} pairs per workload, 2xx only`);
    if (COMPARE)
      console.log(`checkouts: A ${checkouts[0]}, B ${checkouts[1]} (each its own floor; the order of A and B alternates by pair)`);
    console.log('| workload | conns | pair | build | floor req/s | floor p99 ms | API req/s | API p99 ms | API ÷ floor | non-2xx/errors |');
    console.log('| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    const summary = [];
    for (const workload of WORKLOADS) {
      for (const system of systems) for (const target of [system.floor, system.api]) await run(target, workload, WARMUP_SECONDS);
      const pairs = systems.map(() => []);
      for (let pair = 1; pair <= PAIRS; pair++) {
        const order = pair % 2 === 1 ? systems.keys() : [...systems.keys()].reverse();
        for (const s of order) {
          await quiet(pids);
          const f = await run(systems[s].floor, workload, SECONDS);
          await quiet(pids);
          const a = await run(systems[s].api, workload, SECONDS);
          pairs[s][pair - 1] = { floor: f, api: a };
          console.log(
            `| ${workload.name} | ${workload.connections} | ${pair} | ${'AB'[s]} | ${Math.round(f.perSecond)} | ${f.p99} | ` +
              `${Math.round(a.perSecond)} | ${a.p99} | ${(a.perSecond / f.perSecond).toFixed(2)} | ${f.errors + a.errors} |`,
          );
        }
      }
      for (const [s, runs] of pairs.entries()) {
        const met = runs.filter(({ api }) => api.perSecond >= workload.target.perSecond && api.p99 <= workload.target.p99).length;
        summary.push(
          `${COMPARE ? `${'AB'[s]} ` : ''}${workload.name}@${workload.connections}: ` +
            `median API ÷ floor ${median(runs.map(({ api, floor }) => api.perSecond / floor.perSecond)).toFixed(2)}; ` +
            `API median ${Math.round(median(runs.map(({ api }) => api.perSecond)))} req/s; ` +
            `target (≥ ${workload.target.perSecond}/s, p99 ≤ ${workload.target.p99} ms) met in ${met} of ${PAIRS} runs`,
        );
      }
      if (COMPARE) {
        // Each pair's A and B ran in the same minute: their quotients cancel the host's drift.
        const quotient = (of) => median(pairs[0].map((a, i) => of(a) / of(pairs[1][i]))).toFixed(2);
        summary.push(
          `A ÷ B ${workload.name}@${workload.connections}, median of pairs: API ÷ floor ` +
            `${quotient(({ api, floor }) => api.perSecond / floor.perSecond)}, API ${quotient(({ api }) => api.perSecond)}, ` +
            `floor ${quotient(({ floor }) => floor.perSecond)}; B's API ÷ A's floor ` +
            `${median(pairs[1].map(({ api }, i) => api.perSecond / pairs[0][i].floor.perSecond)).toFixed(2)}`,
        );
      }
    }
    for (const line of summary) console.log(line);
  } finally {
    for (const system of systems) for (const child of system.processes) await stopProcess(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

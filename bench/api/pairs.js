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
//   BENCH_WORKLOADS       comma-separated workload names to run (default both: ChangeLicenseCount,AddCustomer)
'use strict';
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const autocannon = require('autocannon');
const { freePort, processCpu, startProcess, stopProcess } = require('../support');
const { SECRET, benchPartner, startFloor } = require('./workloads');

const PAIRS = Number(process.env.BENCH_PAIRS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 15);
const PROJECTOR = process.env.PROJECTOR ?? 'inline';

const ALL_WORKLOADS = [
  { name: 'ChangeLicenseCount', requests: 'changeLicenseCount', connections: 8, target: { perSecond: 2000, p99: 10 } },
  { name: 'AddCustomer', requests: 'addCustomer', connections: 64, target: { perSecond: 2500, p99: 49 } },
];

const chosen = process.env.BENCH_WORKLOADS?.split(',');
const WORKLOADS = ALL_WORKLOADS.filter((workload) => !chosen || chosen.includes(workload.name));
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

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-pairs-'));
  const floorPort = await freePort();
  const apiPort = await freePort();
  const floor = await startFloor(floorPort);
  const apiProcess = await startProcess(
    [resolve(__dirname, '../../dist/apps/api/src/main.js')],
    {
      PORT: String(apiPort),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      JWT_SECRET: SECRET,
      PROJECTOR,
      RATE_LIMIT_PER_MINUTE: '1000000000',
    },
    /API listening on/,
  );
  try {
    const floorTarget = { ...floor, base: `http://127.0.0.1:${floorPort}/customers` };
    const apiTarget = { ...(await benchPartner(`http://127.0.0.1:${apiPort}`)), base: `http://127.0.0.1:${apiPort}/v1/customers` };
    const pids = [floor.process.pid, apiProcess.pid];
    console.log(`API (PROJECTOR=${PROJECTOR}) against the floor, alternating ${SECONDS} s runs, ${PAIRS} pairs per workload, 2xx only`);
    console.log('| workload | conns | pair | floor req/s | floor p99 ms | API req/s | API p99 ms | API ÷ floor | non-2xx/errors |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    const summary = [];
    for (const workload of WORKLOADS) {
      for (const target of [floorTarget, apiTarget]) await run(target, workload, WARMUP_SECONDS);
      const ratios = [];
      const api = [];
      for (let pair = 1; pair <= PAIRS; pair++) {
        await quiet(pids);
        const f = await run(floorTarget, workload, SECONDS);
        await quiet(pids);
        const a = await run(apiTarget, workload, SECONDS);
        ratios.push(a.perSecond / f.perSecond);
        api.push(a);
        console.log(
          `| ${workload.name} | ${workload.connections} | ${pair} | ${Math.round(f.perSecond)} | ${f.p99} | ${Math.round(a.perSecond)} | ${a.p99} | ` +
            `${(a.perSecond / f.perSecond).toFixed(2)} | ${f.errors + a.errors} |`,
        );
      }
      const median = (values) => [...values].sort((x, y) => x - y)[Math.floor((values.length - 1) / 2)];
      const met = api.filter((a) => a.perSecond >= workload.target.perSecond && a.p99 <= workload.target.p99).length;
      summary.push(
        `${workload.name}@${workload.connections}: median API ÷ floor ${median(ratios).toFixed(2)}; API median ${Math.round(median(api.map((a) => a.perSecond)))} req/s; ` +
          `target (≥ ${workload.target.perSecond}/s, p99 ≤ ${workload.target.p99} ms) met in ${met} of ${PAIRS} runs`,
      );
    }
    for (const line of summary) console.log(line);
  } finally {
    await stopProcess(apiProcess);
    await stopProcess(floor.process);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

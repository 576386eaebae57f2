// Two builds of the API side by side: each started from its own checkout's dist/, both driven at once at the same
// fixed request rate, so both run under the same host load (this machine's speed changes by a third within minutes, and
// a saturating run measures the load as much as the build). Prints each build's CPU per request, the whole process
// and its main thread (where the request pipeline runs), and their ratio. Alternate the order across runs.
//   node bench/api/builds.js <checkout A> <checkout B> [rate per second, default 100] [seconds, default 30]
//   BENCH_WORKLOAD   changeLicenseCount (default) or addCustomer
//   BENCH_PROFILE=1  also write each main thread's CPU profile (--cpu-prof) under /tmp/bench-builds-<A|B>
//   BENCH_THREADS=1  also print each build's busiest threads, CPU µs per request
//   BENCH_ENV_B      `NAME=value …` set for build B only (the same checkout twice, with and without a setting)
//   BENCH_NODE_ARGS  extra node options for both APIs, e.g. --perf-basic-prof, so that
//                    `perf record -e cpu-clock -g -t <pid>` names the JavaScript frames of each API's main thread: a
//                    cpu-clock sample is taken only while the thread runs, so it attributes CPU even under load,
//                    where --cpu-prof's samples also count the time a thread waits for a core
'use strict';
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const autocannon = require('autocannon');
const { envSettings, freePort, processCpu, startProcess, stopProcess, threadCpu } = require('../support');
const { SECRET, benchPartner } = require('./workloads');

const [a, b, rate = '100', seconds = '30'] = process.argv.slice(2);
const WORKLOAD = process.env.BENCH_WORKLOAD ?? 'changeLicenseCount';
const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);

async function main() {
  if (!a || !b) throw new Error('usage: node bench/api/builds.js <checkout A> <checkout B> [rate] [seconds]');
  const builds = [];
  try {
    for (const [name, checkout] of [
      ['A', a],
      ['B', b],
    ]) {
      const port = await freePort();
      const dataDir = mkdtempSync(join(tmpdir(), 'bench-builds-'));
      const profile = process.env.BENCH_PROFILE === '1' ? ['--cpu-prof', `--cpu-prof-dir=/tmp/bench-builds-${name}`] : [];
      const child = await startProcess(
        [...nodeArgs, ...profile, resolve(checkout, 'dist/apps/api/src/main.js')],
        {
          PORT: String(port),
          HOST: '127.0.0.1',
          DATA_DIR: dataDir,
          JWT_SECRET: SECRET,
          RATE_LIMIT_PER_MINUTE: '1000000000',
          EVENTSTORE_PORT: 'off',
          ...(name === 'B' ? envSettings(process.env.BENCH_ENV_B) : {}),
        },
        /API listening on/,
      );
      builds.push({ name, checkout, child, dataDir, base: `http://127.0.0.1:${port}` });
      Object.assign(builds.at(-1), await benchPartner(builds.at(-1).base));
    }
    const before = builds.map((build) => processCpu(build.child.pid));
    const threadsBefore = builds.map((build) => threadCpu(build.child.pid));
    const runs = await Promise.all(
      builds.map((build) =>
        autocannon({
          url: `${build.base}/v1/customers`,
          method: 'POST',
          headers: build.headers,
          requests: build[WORKLOAD],
          connections: 8,
          duration: Number(seconds),
          overallRate: Number(rate),
        }),
      ),
    );
    const perRequest = builds.map((build, i) => {
      const after = processCpu(build.child.pid);
      const ok = runs[i]['2xx'];
      const threads = Object.entries(threadCpu(build.child.pid))
        .map(([thread, cpu]) => [thread, (cpu - (threadsBefore[i][thread] ?? 0)) / ok])
        .sort((x, y) => y[1] - x[1])
        .slice(0, 8);
      return {
        threads,
        all: (after.user + after.system - before[i].user - before[i].system) / ok,
        main: (after.main - before[i].main) / ok,
        ok,
        p50: runs[i].latency.p50,
      };
    });
    console.log(`${WORKLOAD} at ${rate}/s for ${seconds} s, both builds at once`);
    builds.forEach((build, i) => {
      const r = perRequest[i];
      console.log(
        `${build.name} ${build.checkout}: ${r.ok} 2xx, p50 ${r.p50} ms, CPU per request ${Math.round(r.all)} µs (main thread ${Math.round(r.main)} µs)`,
      );
      if (process.env.BENCH_THREADS === '1') console.log(`  threads: ${r.threads.map(([t, cpu]) => `${t} ${Math.round(cpu)}`).join(', ')}`);
    });
    const [x, y] = perRequest;
    console.log(`B ÷ A CPU per request: ${(y.all / x.all).toFixed(2)} (main thread ${(y.main / x.main).toFixed(2)})`);
  } finally {
    for (const build of builds) {
      await stopProcess(build.child);
      rmSync(build.dataDir, { recursive: true, force: true });
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

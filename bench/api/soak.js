// Memory under sustained load: the API as `npm start` runs it (embedded durable store, inline projector), 200
// connections of mixed writes and reads for SOAK_SECONDS, the API process's RSS sampled every 10 s. Prints each
// sample as it is taken, then whether RSS levelled off: the second half's peak against the first half's, and the
// bound the caches are sized for (SOAK_BOUND_MB).
//   SOAK_SECONDS      duration (default 600)
//   SOAK_CONNECTIONS  concurrent connections (default 200)
//   SOAK_BOUND_MB     the RSS the run must stay under (default 1024)
//   SOAK_THREADS=1    also each thread's heap and external memory (main, projector, embedded store), through the
//                     API's inspector; on Node 20 run `node --experimental-websocket bench/api/soak.js`
//   SOAK_SNAPSHOTS    with SOAK_THREADS=1, seconds into the run at which to write a heap snapshot of one thread
//                     (e.g. `60,240`), to compare what it holds early and late; SOAK_SNAPSHOT_THREAD names the thread
//                     (default `server-thread`, the embedded store), files go to SOAK_SNAPSHOT_DIR (default the tmpdir)
'use strict';
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const autocannon = require('autocannon');
const { freePort, startProcess, stopProcess } = require('../support');
const { SECRET, benchPartner } = require('./workloads');
const { describeThreads, threadMemory } = require('./thread-memory');

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 200);
const BOUND_MB = Number(process.env.SOAK_BOUND_MB ?? 1024);
const SAMPLE_MS = 10_000;
const THREADS = process.env.SOAK_THREADS === '1';
const SNAPSHOTS = (process.env.SOAK_SNAPSHOTS ?? '').split(',').filter(Boolean).map(Number);
const SNAPSHOT_THREAD = process.env.SOAK_SNAPSHOT_THREAD ?? 'server-thread';
const SNAPSHOT_DIR = process.env.SOAK_SNAPSHOT_DIR ?? tmpdir();

/** RSS in MB, and its anonymous part (heaps, caches) apart from file pages (the mapped binary and libraries). */
const memory = (pid) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mb = (field) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)[1]) / 1024;
  return { rss: mb('VmRSS'), anon: mb('RssAnon'), file: mb('RssFile') };
};

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-soak-'));
  const port = await freePort();
  const api = await startProcess(
    [...(THREADS ? ['--inspect=127.0.0.1:0'] : []), resolve(__dirname, '../../dist/apps/api/src/main.js')],
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      // The embedded store on a free port, so a soak can run beside another API (or a second soak, to compare builds).
      EVENTSTORE_PORT: '0',
      DATA_DIR: dataDir,
      JWT_SECRET: SECRET,
      RATE_LIMIT_PER_MINUTE: '1000000000',
    },
    /API listening on/,
  );
  const base = `http://127.0.0.1:${port}`;
  const threads = THREADS ? await threadMemory(Number(/ws:\/\/127\.0\.0\.1:(\d+)\//.exec(api.startupOutput)[1])) : null;
  try {
    const partner = await benchPartner(base);
    const [addCustomer] = partner.addCustomer;
    const [changeLicenseCount] = partner.changeLicenseCount;
    const customers = [];
    const { 'content-type': _json, ...readHeaders } = partner.headers;
    // A mix a partner's systems would send: half writes (new customers, license changes), half reads of the lists
    // and accounts those writes change. Each connection cycles through the four in turn.
    const requests = [
      { method: 'POST', path: '/v1/customers', setupRequest: addCustomer.setupRequest },
      {
        setupRequest: (req) => {
          const next = changeLicenseCount.setupRequest(req);
          customers.push(next.path.split('/')[3]);
          if (customers.length > 64) customers.shift();
          return next;
        },
      },
      { method: 'GET', path: '/v1/customers?limit=20', headers: readHeaders },
      {
        method: 'GET',
        headers: readHeaders,
        setupRequest: (req) => ({ ...req, path: `/v1/customers/${customers[Math.floor(Math.random() * customers.length)]}/account` }),
      },
    ];
    console.log(
      `soak: ${CONNECTIONS} connections, ${SECONDS} s, RSS every ${SAMPLE_MS / 1000} s (start ${memory(api.pid).rss.toFixed(0)} MB)`,
    );
    const samples = [];
    const anonymous = [];
    const started = Date.now();
    const sampler = setInterval(async () => {
      const { rss, anon, file } = memory(api.pid);
      samples.push(rss);
      anonymous.push(anon);
      const seconds = Math.round((Date.now() - started) / 1000);
      const perThread = threads ? `; ${describeThreads(await threads.sample())}` : '';
      console.log(
        `  ${String(seconds).padStart(4)} s  RSS ${rss.toFixed(0)} MB (anonymous ${anon.toFixed(0)}, file ${file.toFixed(0)})${perThread}`,
      );
      if (threads && SNAPSHOTS.length > 0 && seconds >= SNAPSHOTS[0]) {
        const path = join(SNAPSHOT_DIR, `soak-${SNAPSHOT_THREAD}-${SNAPSHOTS.shift()}s.heapsnapshot`);
        await threads.snapshot(SNAPSHOT_THREAD, path);
        console.log(`  heap snapshot of ${SNAPSHOT_THREAD}: ${path}`);
      }
    }, SAMPLE_MS);
    const result = await autocannon({
      url: base,
      headers: partner.headers,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests,
    });
    clearInterval(sampler);
    // Levelled off: the last third of the run peaks no more than 5% above the middle third.
    const third = Math.floor(samples.length / 3);
    const peaks = (series) => [Math.max(...series.slice(third, 2 * third)), Math.max(...series.slice(2 * third))];
    const [middlePeak, lastPeak] = peaks(samples);
    // The anonymous part is what the process itself holds; the rest is the mapped binary and libraries.
    const [middleAnonymous, lastAnonymous] = peaks(anonymous);
    console.log(
      `requests: ${result.requests.total} (${Math.round(result.requests.average)}/s), 2xx ${result['2xx']}, non-2xx ${result.non2xx} ${JSON.stringify(Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, count])))}, errors ${result.errors}, timeouts ${result.timeouts}`,
    );
    console.log(
      `RSS: middle third peak ${middlePeak.toFixed(0)} MB, last third peak ${lastPeak.toFixed(0)} MB, last ${samples.at(-1).toFixed(0)} MB, bound ${BOUND_MB} MB`,
    );
    console.log(
      `anonymous: middle third peak ${middleAnonymous.toFixed(0)} MB, last third peak ${lastAnonymous.toFixed(0)} MB (${lastAnonymous <= middleAnonymous * 1.05 ? 'levelled off' : 'still rising'})`,
    );
    const levelled = lastPeak <= middlePeak * 1.05 && lastPeak < BOUND_MB;
    console.log(levelled ? 'levelled off under the bound' : 'did NOT level off under the bound');
    process.exitCode = levelled ? 0 : 1;
  } finally {
    threads?.close();
    await stopProcess(api);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

// Audit endpoints over the read-model benchmark's generated history, with one customer whose history holds 1,000
// events spread over the whole log:
//   - GET /v1/audit/customers/{id}/history: first page (50 entries) and the full walk (200 per page), p50/p99;
//   - GET /v1/audit/customers/{id}/state at random moments, p50/p99;
//   - the baseline: reading that customer's streams through the raw client, p50/p99, and each endpoint's ratio to it;
//   - the ceiling of the same run: reading all of `$all` through the client, in events/s.
// The store (the compiled CLI, durable) runs in its own process, the API (PROJECTOR=inline) in another; requests go
// one at a time, so a percentile is one request's latency.
//   BENCH_EVENTS    events in the generated history (default 1,000,000)
//   BENCH_DATA_DIR  a directory to keep the generated store (and the API's data) in, reused by the next run
//   BENCH_REQUESTS  requests per measured endpoint (default 500; walks: a tenth of it)
'use strict';
const { cpus, loadavg } = require('node:os');
const { devToken } = require('../support');
const { HEAVY, HEAVY_EVENTS, openHistoryStore } = require('./audit-history');
const { startApi } = require('./servers');
const { readAllRate } = require('./ceiling');

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 500);
const JWT_SECRET = 'bench-audit-secret-0123456789abcdef0123456789abcdef';

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const log = (line) => process.stderr.write(`${line}\n`);
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** p50/p99 of `count` runs of `run`, one at a time, after a tenth as warm-up. */
async function timed(count, run) {
  for (let i = 0; i < Math.ceil(count / 10); i++) await run(i);
  const ms = [];
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint();
    await run(i);
    ms.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99), count };
}

async function main() {
  const load = loadavg();
  const { store, client, close, appended, last, apiDataDir } = await openHistoryStore(EVENTS);
  let api;
  try {
    const started = Date.now();
    api = await startApi(store.url, JWT_SECRET, {}, apiDataDir);
    const token = devToken(JWT_SECRET, { sub: 'bench', role: 'PlatformAuditor' }, 7200);
    const get = async (path, headers = {}) => {
      const response = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${token}`, ...headers } });
      const body = await response.json();
      if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${JSON.stringify(body)}`);
      return body;
    };
    // The inline projector catches up from an empty database; one read waiting for the head tells when it is done.
    for (;;) {
      try {
        await get(`/v1/audit/customers/${HEAVY}/history?limit=1`, { 'x-min-position': String(last) });
        break;
      } catch (error) {
        if (!/503|404/.test(error.message)) throw error;
        log(`  projector catching up (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      }
    }
    log(`read models caught up in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const base = `/v1/audit/customers/${HEAVY}`;
    const walk = async (times = []) => {
      let cursor;
      do {
        const page = await get(`${base}/history?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
        for (const item of page.items) times.push(item.time);
        cursor = page.nextCursor;
      } while (cursor);
      return times.length;
    };
    // Moments spread over the whole history, so a state folds anything from a few to all of its events.
    const times = [];
    const entries = await walk(times);
    if (entries < HEAVY_EVENTS) throw new Error(`the heavy customer's history has ${entries} entries`);
    const firstPage = await timed(REQUESTS, () => get(`${base}/history`));
    const fullWalk = await timed(Math.ceil(REQUESTS / 10), () => walk());
    const state = await timed(REQUESTS, (i) => get(`${base}/state?at=${encodeURIComponent(times[(i * 37) % times.length])}`));
    const stateNow = await timed(REQUESTS, () => get(`${base}/state`));
    // provider-big's history is about half the log: a first page, and a period near its end.
    const lastTime = times[times.length - 10];
    const partnerFirst = await timed(REQUESTS, () => get('/v1/audit/partners/provider-big/history'));
    const partnerPeriod = await timed(REQUESTS, () => get(`/v1/audit/partners/provider-big/history?from=${encodeURIComponent(lastTime)}`));
    const raw = await timed(REQUESTS, async () => {
      let n = 0;
      for await (const resolved of client.readStream(`customer-${HEAVY}`)) if (resolved.event) n++;
      if (n < HEAVY_EVENTS) throw new Error(`read ${n} events`);
    });
    const ceiling = await readAllRate(client);
    const rows = [
      ['history, first page (50 entries)', firstPage],
      [`history, full walk (${entries} entries, 200 per page)`, fullWalk],
      ['state as of a moment', state],
      ['state now (whole stream)', stateNow],
      ['partner history (provider-big), first page', partnerFirst],
      ['partner history (provider-big), a period near the end of the log', partnerPeriod],
      [`raw client: read customer-${HEAVY} (${HEAVY_EVENTS} events), the baseline`, raw],
    ];
    const lines = [
      `\nAudit endpoints over ${fmt(appended)} events; one request at a time (ms)`,
      '| measurement | requests | p50 | p99 | p50 / baseline p50 |',
      '| --- | --- | --- | --- | --- |',
    ];
    for (const [label, r] of rows)
      lines.push(`| ${label} | ${r.count} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${(r.p50 / raw.p50).toFixed(2)} |`);
    const loads = [load, loadavg()].map((l) => l.map((n) => n.toFixed(1)).join(', '));
    lines.push(`\nload average before and after: ${loads.join(' / ')} (${cpus().length} cores)`);
    lines.push(
      `$all read through the client in the same run (the ceiling): ${fmt(ceiling.events)} events in ${ceiling.seconds.toFixed(1)} s, ${fmt(ceiling.rate)} events/s`,
    );
    console.log(lines.join('\n'));
  } finally {
    await api?.stop();
    await close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

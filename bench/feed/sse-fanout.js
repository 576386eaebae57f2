// Live-feed fan-out while commands run: the API (`npm start` as it runs, against a separately started embedded store so
// this process can subscribe to the same log) takes AddCustomer and ChangeLicenseCount for BENCH_PARTNERS partners from
// autocannon, twice for BENCH_SECONDS: first with no feed client (the baseline), then with BENCH_CLIENTS clients of
// `GET /v1/events/stream` spread over the partners, all resuming from the same position. In the same run a catch-up
// subscription of the official client to `$all` (the store's own delivery, the ceiling) receives the same events.
// Prints events/s delivered, the delay from append (the CloudEvent's `time`, the store's commit time) to receipt
// p50/p99/max for both and their ratio, whether every client got exactly its partner's events, the API's extra CPU
// per delivered event (the second run's CPU less the first run's CPU per command times its commands), and the API's
// RSS sampled every second. Run after `npm run build`:
//   node bench/feed/sse-fanout.js
//   BENCH_SECONDS (default 20), BENCH_CLIENTS (default 200), BENCH_PARTNERS (default 10), BENCH_CONNECTIONS (default 8),
//   BENCH_BASELINE_SECONDS (the run without feed clients; default BENCH_SECONDS: shorter for a long memory run)
'use strict';
const { request } = require('node:http');
const { readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const autocannon = require('autocannon');
const { BACKWARDS, END, EventStoreDBClient, excludeSystemEvents } = require('@eventstore/db-client');
const { processCpu } = require('../support');
const { startApi, startStore } = require('../audit/servers');
const { SECRET, benchPartner } = require('../api/workloads');

const root = resolve(__dirname, '../..');
const { partnersConcernedBy } = require(join(root, 'dist/libs/domain/src/audit/concerns.js'));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const BASELINE_SECONDS = Number(process.env.BENCH_BASELINE_SECONDS ?? SECONDS);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 200);
const PARTNERS = Number(process.env.BENCH_PARTNERS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const rssMb = (pid) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
const cpuUs = (pid) => {
  const cpu = processCpu(pid);
  return cpu ? cpu.user + cpu.system : NaN;
};

function summary(delays) {
  const sorted = Float64Array.from(delays).sort();
  const at = (p) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]);
  return { p50: at(50), p99: at(99), max: sorted.length ? sorted[sorted.length - 1] : NaN };
}

/** One feed client: counts frames and records each one's delay from its append, parsing no more than it must. */
function openClient(base, partner, lastEventId) {
  return new Promise((done, fail) => {
    const client = { partner: partner.id, ids: [], delays: [], times: [] };
    const req = request(
      `${base}/v1/events/stream`,
      { headers: { ...partner.headers, accept: 'text/event-stream', 'last-event-id': lastEventId } },
      (res) => {
        if (res.statusCode !== 200) return fail(new Error(`stream: ${res.statusCode}`));
        res.setEncoding('utf8');
        let pending = '';
        res.on('data', (chunk) => {
          const now = Date.now();
          pending += chunk;
          let end;
          while ((end = pending.indexOf('\n\n')) >= 0) {
            const frame = pending.slice(0, end);
            pending = pending.slice(end + 2);
            if (!frame.startsWith('id: ')) continue;
            const time = frame.indexOf('"time":"');
            client.ids.push(frame.slice(4, frame.indexOf('\n')));
            client.delays.push(now - Date.parse(frame.slice(time + 8, frame.indexOf('"', time + 8))));
            client.times.push(now);
          }
        });
        // The hub ends a stream it cut off (its client fell further behind than the hub's memory); this client does
        // not resume, so the count says how many of the run's clients stopped receiving that way.
        // A cut-off destroys the connection (the response closes without ending), so both count.
        for (const event of ['end', 'close']) res.on(event, () => (client.endedAt ??= Date.now()));
        client.close = () => req.destroy();
        done(client);
      },
    );
    req.on('error', (error) => (client.close ? undefined : fail(error)));
    req.end();
  });
}

/** The store's own catch-up subscription to `$all`, live: each event's partners, and when and how late it arrived. */
function subscribeLive(client) {
  const received = [];
  const subscription = client.subscribeToAll({ fromPosition: END, filter: excludeSystemEvents() });
  subscription.on('data', ({ event }) => {
    if (!event) return;
    const now = Date.now();
    received.push({
      position: event.position.commit,
      partners: partnersConcernedBy(event.type, event.data),
      at: now,
      delay: now - event.created.getTime(),
    });
  });
  return { received, close: () => subscription.unsubscribe() };
}

async function head(client) {
  let position = 0n;
  for await (const { event } of client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }))
    position = event?.position.commit ?? position;
  return position;
}

/** Commands for every partner from autocannon for `seconds`: the number of requests answered 2xx. */
async function commands(base, partners, seconds = SECONDS) {
  let turn = 0;
  const next = (kind) => (req) => {
    const partner = partners[turn++ % partners.length];
    return partner[kind][0].setupRequest({ ...req, headers: partner.headers });
  };
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [{ method: 'POST', path: '/v1/customers', setupRequest: next('addCustomer') }, { setupRequest: next('changeLicenseCount') }],
  });
  return { total: result.requests.total, ok: result.requests.total - result.non2xx };
}

async function quiet(store) {
  let seen = -1;
  while (store.received.length !== seen) {
    seen = store.received.length;
    await sleep(1_500);
  }
}

async function main() {
  // The audit benchmarks' processes: a durable store, and the API on it with no rate limit (inline projector, and the
  // process manager here too, as `npm start` runs them).
  const store = await startStore();
  const api = await startApi(store.url, SECRET, {
    PROCESS_MANAGER: 'on',
    READ_YOUR_WRITES_TIMEOUT_MS: '5000',
    FEED_MAX_CONNECTIONS: String(CLIENTS),
    FEED_MAX_CONNECTIONS_PER_PARTNER: String(CLIENTS),
  });
  const base = api.url;
  const connection = store.url;
  const client = EventStoreDBClient.connectionString(connection);
  const clients = [];
  try {
    const partners = [];
    for (let i = 0; i < PARTNERS; i++) {
      const partner = await benchPartner(base);
      partner.id = JSON.parse(Buffer.from(partner.headers.authorization.split('.')[1], 'base64url')).partner_id;
      partners.push(partner);
    }
    const live = subscribeLive(client);

    // Baseline: the same commands with nobody on the feed.
    await quiet(live);
    let cpu = cpuUs(api.pid);
    const baseline = await commands(base, partners, BASELINE_SECONDS);
    const baselineCpu = cpuUs(api.pid) - cpu;
    await quiet(live);

    const from = await head(client);
    for (let i = 0; i < CLIENTS; i++) clients.push(await openClient(base, partners[i % PARTNERS], String(from)));
    await sleep(1_000);
    const rss = [];
    const sampler = setInterval(() => rss.push(rssMb(api.pid)), 1_000);
    cpu = cpuUs(api.pid);
    const startedAt = Date.now();
    const loaded = await commands(base, partners);
    const loadEnded = Date.now();
    await quiet(live);
    await sleep(1_000);
    const loadedCpu = cpuUs(api.pid) - cpu;
    clearInterval(sampler);

    // What each client should have: every event after `from` that concerns its partner, in log order.
    const events = live.received.filter((e) => e.position > from);
    const expected = new Map(partners.map((p) => [p.id, events.filter((e) => e.partners.includes(p.id)).map((e) => String(e.position))]));
    const exact = clients.filter((c) => JSON.stringify(c.ids) === JSON.stringify(expected.get(c.partner))).length;
    const frames = clients.reduce((sum, c) => sum + c.ids.length, 0);
    const seconds = (loadEnded - startedAt) / 1000;
    const inWindow = (times) => times.filter((t) => t >= startedAt && t <= loadEnded).length;
    const feedRate = clients.reduce((sum, c) => sum + inWindow(c.times), 0) / seconds;
    const concerned = events.filter((e) => e.partners.some((id) => expected.has(id)));
    const storeRate = inWindow(concerned.map((e) => e.at)) / seconds;
    // Each event of a partner goes to each of its clients: the store's rate times the clients per partner is the
    // rate the feed would reach if it delivered as fast as the store does.
    const perPartner = CLIENTS / PARTNERS;
    const f = summary(clients.flatMap((c) => c.delays));
    const s = summary(concerned.map((e) => e.delay));
    const extraCpu = loadedCpu - (baselineCpu / baseline.total) * loaded.total;
    console.log(
      `live feed: ${CLIENTS} clients over ${PARTNERS} partners, ${SECONDS} s of commands at ${CONNECTIONS} connections: baseline ${baseline.total} commands (${baseline.total - baseline.ok} non-2xx), with the feed ${loaded.total} (${loaded.total - loaded.ok} non-2xx)`,
    );
    console.log(
      `  feed deliveries         ${frames} in all, ${feedRate.toFixed(0)}/s during the load; delay from append p50 ${f.p50} ms, p99 ${f.p99} ms, max ${f.max} ms`,
    );
    console.log(
      `  store catch-up (live)   ${concerned.length} events of those partners, ${storeRate.toFixed(0)}/s during the load (×${perPartner} clients each = ${(storeRate * perPartner).toFixed(0)}/s); delay p50 ${s.p50} ms, p99 ${s.p99} ms, max ${s.max} ms`,
    );
    console.log(
      `  ratio feed/store        rate ${(feedRate / (storeRate * perPartner)).toFixed(2)}, p99 delay ${(f.p99 / s.p99).toFixed(1)}×; clients with exactly their partner's events in order: ${exact} of ${CLIENTS}; streams ended by the API during the run: ${clients.filter((c) => c.endedAt !== undefined && c.endedAt <= loadEnded).length}`,
    );
    console.log(
      `  API CPU                 ${(baselineCpu / 1e6).toFixed(1)} s for the baseline, ${(loadedCpu / 1e6).toFixed(1)} s with the feed: ${(extraCpu / frames).toFixed(1)} µs extra per delivered event${extraCpu < 0 ? ' (below what the run-to-run noise of the commands resolves)' : ''}`,
    );
    const third = Math.max(1, Math.floor(rss.length / 3));
    console.log(
      `  API RSS                 start ${rss[0]?.toFixed(0)} MB, first third peak ${Math.max(...rss.slice(0, third)).toFixed(0)} MB, last third peak ${Math.max(...rss.slice(-third)).toFixed(0)} MB, end ${rss.at(-1)?.toFixed(0)} MB`,
    );
    live.close();
  } finally {
    for (const c of clients) c.close();
    await client.dispose().catch(() => undefined);
    await api.stop();
    await store.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

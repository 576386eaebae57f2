// Webhook delivery while commands run: the API (`npm start` as it runs, against a separately started embedded store so
// this process can subscribe to the same log) takes AddCustomer and ChangeLicenseCount from autocannon for
// BENCH_SECONDS; one partner's webhook posts every event that concerns it to a receiver in this process. In the same
// run, a catch-up subscription of the official client to `$all` (the store's own delivery, the ceiling) receives the
// same events. Prints deliveries/s and the delay from append (the event's `time`) to receipt, p50/p99/max, for both and
// their ratio, then the rate of a catch-up read of the whole log from its start, and the API's RSS sampled every
// second. Run after `npm run build`:
//   node bench/webhooks/deliveries.js
//   BENCH_SECONDS (default 30), BENCH_CONNECTIONS (default 8), BENCH_RECEIVER_MS (the receiver's answer time, default 0),
//   BENCH_NO_WEBHOOK=1 (the same run without a registration: the baseline for RSS)
'use strict';
const { createServer } = require('node:http');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const autocannon = require('autocannon');
const Database = require('better-sqlite3');
const { END, EventStoreDBClient, excludeSystemEvents, START } = require('@eventstore/db-client');
const { accepts, freePort, startProcess, stopProcess } = require('../support');
const { SECRET, benchPartner } = require('../api/workloads');

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const RECEIVER_MS = Number(process.env.BENCH_RECEIVER_MS ?? 0);
// The same load with no webhook registered: the API's own memory and latency, to set the webhooks' against.
const NO_WEBHOOK = process.env.BENCH_NO_WEBHOOK === '1';
const root = resolve(__dirname, '../..');
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
/** RSS in MB, and its anonymous part (heaps, caches) apart from file pages (the mapped binary and libraries). */
const memory = (pid) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mb = (field) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)[1]) / 1024;
  return { rss: mb('VmRSS'), anon: mb('RssAnon') };
};

function percentile(sorted, p) {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function summary(delays) {
  const sorted = [...delays].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? NaN };
}

/** The receiver: records when each CloudEvent arrived and how long after its append. */
async function startReceiver() {
  const received = [];
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const now = Date.now();
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      received.push({ id: event.id, at: now, delay: now - Date.parse(event.time) });
      setTimeout(() => response.writeHead(200).end(), RECEIVER_MS);
    });
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${server.address().port}/hooks`,
    received,
    close: () => (server.closeAllConnections(), new Promise((done) => server.close(done))),
  };
}

/** The store's own catch-up subscription to `$all` from its end, live: what arrives and how long after its append. */
function subscribeLive(client) {
  const received = [];
  const subscription = client.subscribeToAll({ fromPosition: END, filter: excludeSystemEvents() });
  subscription.on('data', (resolved) => {
    const event = resolved.event;
    if (!event) return;
    const now = Date.now();
    received.push({ id: event.id, at: now, delay: now - event.created.getTime() });
  });
  return { received, close: () => subscription.unsubscribe() };
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-webhooks-'));
  const [storePort, apiPort] = [await freePort(), await freePort()];
  const store = await startProcess(
    [
      join(root, 'dist/apps/eventstore/src/main.js'),
      '--host',
      '127.0.0.1',
      '--port',
      String(storePort),
      '--data',
      join(dataDir, 'eventstore'),
    ],
    {},
    /esdb:\/\//,
  );
  while (!(await accepts(storePort))) await sleep(100);
  const connection = `esdb://127.0.0.1:${storePort}?tls=false`;
  const api = await startProcess(
    [join(root, 'dist/apps/api/src/main.js')],
    {
      PORT: String(apiPort),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      EVENTSTORE_URL: connection,
      JWT_SECRET: SECRET,
      RATE_LIMIT_PER_MINUTE: '1000000000',
      WEBHOOKS_ALLOW_PRIVATE_TARGETS: '1',
    },
    /API listening on/,
  );
  const base = `http://127.0.0.1:${apiPort}`;
  const receiver = await startReceiver();
  const client = EventStoreDBClient.connectionString(connection);
  try {
    const partner = await benchPartner(base);
    const eventTypes = (await (await fetch(`${base}/v1/webhooks/event-types`, { headers: partner.headers })).json()).items.map(
      (t) => t.name,
    );
    const registered = NO_WEBHOOK
      ? { status: 201 }
      : await fetch(`${base}/v1/webhooks`, {
          method: 'POST',
          headers: partner.headers,
          body: JSON.stringify({ url: receiver.url, eventTypes }),
        });
    if (registered.status !== 201) throw new Error(`registration: ${registered.status} ${await registered.text()}`);

    // The subscription compares like with like: the events the webhook delivered, as the store delivered them.
    const delivered = new Set();
    const live = subscribeLive(client);
    const rss = [];
    const sampler = setInterval(() => rss.push(memory(api.pid)), 1_000);
    const startedAt = Date.now();
    const [addCustomer] = partner.addCustomer;
    const [changeLicenseCount] = partner.changeLicenseCount;
    const load = await autocannon({
      url: base,
      connections: CONNECTIONS,
      duration: SECONDS,
      headers: partner.headers,
      requests: [
        { method: 'POST', path: '/v1/customers', setupRequest: addCustomer.setupRequest },
        { setupRequest: changeLicenseCount.setupRequest },
      ],
    });
    const loadEnded = Date.now();
    // Drain: until nothing more arrives for 2 s.
    let seen = -1;
    while (receiver.received.length !== seen) {
      seen = receiver.received.length;
      await sleep(2_000);
    }
    clearInterval(sampler);
    for (const r of receiver.received) delivered.add(r.id);
    // The live subscription kept every event; count only those the webhook delivered.
    live.close();
    await sleep(200);

    const window = (list) => list.filter((r) => r.at >= startedAt && r.at <= loadEnded);
    const hooks = receiver.received;
    const store = live.received.filter((r) => delivered.has(r.id));
    const hookRate = window(hooks).length / ((loadEnded - startedAt) / 1000);
    const storeRate = window(store).length / ((loadEnded - startedAt) / 1000);
    const [h, s] = [summary(hooks.map((r) => r.delay)), summary(store.map((r) => r.delay))];
    console.log(
      `webhooks: ${SECONDS} s of commands, ${CONNECTIONS} connections, ${load.requests.total} commands (${load.non2xx} non-2xx), receiver answers after ${RECEIVER_MS} ms`,
    );
    console.log(
      `  webhook deliveries      ${hooks.length} in all, ${hookRate.toFixed(0)}/s during the load; delay from append p50 ${h.p50} ms, p99 ${h.p99} ms, max ${h.max} ms`,
    );
    console.log(
      `  store catch-up (live)   ${store.length} of those events, ${storeRate.toFixed(0)}/s during the load; delay p50 ${s.p50} ms, p99 ${s.p99} ms, max ${s.max} ms`,
    );
    console.log(`  ratio webhooks/store    rate ${(hookRate / storeRate).toFixed(2)}, p99 delay ${(h.p99 / s.p99).toFixed(1)}×`);

    // Where the delay goes: append → outbox row (the filler), outbox row → delivered (the worker and the receiver).
    const db = new Database(join(dataDir, 'webhooks.sqlite'), { readonly: true });
    const rows = db.prepare("select payload, created_at, finished_at from webhook_outbox where status = 'delivered'").all();
    const failed = db
      .prepare('select error, status_code, count(*) as n from webhook_attempts where error is not null or status_code >= 300 group by 1, 2')
      .all();
    db.close();
    const fill = summary(rows.map((r) => r.created_at - Date.parse(JSON.parse(r.payload).time)));
    const send = summary(rows.map((r) => r.finished_at - r.created_at));
    if (failed.length > 0)
      console.log(`  failed attempts: ${failed.map((f) => `${f.n}× ${f.error ?? `HTTP ${f.status_code}`}`).join(', ')}`);
    console.log(
      `  of which: append→outbox p50 ${fill.p50} ms, p99 ${fill.p99} ms; outbox→delivered p50 ${send.p50} ms, p99 ${send.p99} ms`,
    );

    // The ceiling: the same client reading the whole log from its start as fast as the store sends it.
    const t0 = performance.now();
    let count = 0;
    for await (const resolved of client.readAll({ fromPosition: START, maxCount: Number.MAX_SAFE_INTEGER }))
      if (resolved.event && !resolved.event.type.startsWith('$')) count++;
    const readRate = count / ((performance.now() - t0) / 1000);
    console.log(
      `  store read of the log   ${count} events at ${readRate.toFixed(0)}/s (webhook delivery rate is ${((hookRate / readRate) * 100).toFixed(1)}% of it)`,
    );
    const third = Math.max(1, Math.floor(rss.length / 3));
    for (const part of ['rss', 'anon']) {
      const values = rss.map((sample) => sample[part]);
      const peak = (list) => Math.max(...list).toFixed(0);
      console.log(
        `  API ${part === 'rss' ? 'RSS             ' : 'RSS (anonymous) '}  start ${values[0]?.toFixed(0)} MB, first third peak ${peak(values.slice(0, third))} MB, last third peak ${peak(values.slice(-third))} MB, end ${values.at(-1)?.toFixed(0)} MB`,
      );
    }
  } finally {
    await client.dispose().catch(() => undefined);
    await receiver.close();
    await stopProcess(api);
    await stopProcess(store);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

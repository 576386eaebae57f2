// Audit endpoints over the read-model benchmark's generated history, with one customer whose history holds 1,000
// events spread over the whole log:
//   - GET /v1/audit/customers/{id}/history: first page (50 entries) and the full walk (200 per page), p50/p99;
//   - GET /v1/audit/customers/{id}/state at random moments, p50/p99;
//   - the baseline: reading that customer's streams through the raw client, p50/p99, and each endpoint's ratio to it.
// The store (the compiled CLI, durable) runs in its own process, the API (PROJECTOR=inline) in another; requests go
// one at a time, so a percentile is one request's latency.
//   BENCH_EVENTS    events in the generated history (default 1,000,000)
//   BENCH_REQUESTS  requests per measured endpoint (default 500; walks: a tenth of it)
'use strict';
const { join, resolve } = require('node:path');
const { EventStoreDBClient } = require('@eventstore/db-client');
const { devToken } = require('../support');
const { startApi, startStore } = require('./servers');
const { historyOptions } = require('../read-models/history-options');
const { appendHistory } = require('../read-models/history-to-store');

const root = resolve(__dirname, '../..');
const rm = require(join(root, 'dist/libs/read-models/src'));
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 500);
const HEAVY_EVENTS = 1000;
const HEAVY = 'c-audit-heavy';
const JWT_SECRET = 'bench-audit-secret-0123456789abcdef0123456789abcdef';

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const log = (line) => process.stderr.write(`${line}\n`);
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** The heavy customer's events: created, then relationships removed and re-established, admin permissions reassigned, licenses and partners of record changed. */
function* heavyCustomer() {
  const at = () => new Date().toISOString();
  const streamId = `customer-${HEAVY}`;
  const data = { customerId: HEAVY };
  yield {
    type: 'CustomerAdded',
    streamId,
    data: {
      ...data,
      partnerId: 'provider-big',
      companyName: 'Heavy Ltd',
      primaryDomain: 'heavy.example',
      adminUserName: 'admin@heavy.example',
      addedAt: at(),
    },
  };
  yield { type: 'RelationshipEstablished', streamId, data: { ...data, partnerId: 'provider-big', origin: 'added', establishedAt: at() } };
  yield {
    type: 'SubscriptionAdded',
    streamId,
    data: {
      ...data,
      subscriptionId: 's-heavy',
      offerId: 'o',
      service: 'exchange',
      licenseCount: 1,
      partnerId: 'provider-big',
      supportContactId: 'provider-big',
      addedAt: at(),
    },
  };
  for (let i = 3; i < HEAVY_EVENTS; i++) {
    const partnerId = `direct-${i % 7}`;
    switch (i % 5) {
      case 0:
        yield { type: 'RelationshipEstablished', streamId, data: { ...data, partnerId, origin: 'invitation', establishedAt: at() } };
        break;
      case 1:
        yield {
          type: 'AdminPermissionsGranted',
          streamId,
          data: { ...data, partnerId, service: 'exchange', via: 'reassignment', grantedAt: at() },
        };
        break;
      case 2:
        yield {
          type: 'LicenseCountChanged',
          streamId,
          data: {
            ...data,
            subscriptionId: 's-heavy',
            partnerId: 'provider-big',
            previousLicenseCount: i - 1,
            licenseCount: i,
            changedAt: at(),
          },
        };
        break;
      case 3:
        yield {
          type: 'PartnerOfRecordAssigned',
          streamId,
          data: { ...data, subscriptionId: 's-heavy', providerId: 'provider-big', partnerId: `reseller-${i % 11}`, assignedAt: at() },
        };
        break;
      default:
        yield {
          type: 'RelationshipRemoved',
          streamId,
          data: {
            ...data,
            partnerId,
            reason: 'contract ended',
            goodFaithConfirmed: true,
            noticeResponsibilityConfirmed: true,
            removedBy: 'u',
            removedAt: at(),
          },
        };
    }
  }
}

/** The generated history with the heavy customer's events spread evenly through it. */
function* history() {
  const heavy = heavyCustomer();
  const every = Math.max(1, Math.floor(EVENTS / HEAVY_EVENTS));
  let n = 0;
  for (const event of rm.generateHistory(historyOptions(EVENTS))) {
    yield event;
    if (++n % every === 0) {
      const next = heavy.next();
      if (!next.done) yield next.value;
    }
  }
  yield* heavy;
}

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
  const options = historyOptions(EVENTS);
  log(`history: ${fmt(EVENTS)} generated events (${fmt(options.customers)} customers) + ${HEAVY_EVENTS} of ${HEAVY} spread through it`);
  const store = await startStore();
  const client = EventStoreDBClient.connectionString(store.url);
  let api;
  try {
    let started = Date.now();
    let lastLog = 0;
    const { appended, last } = await appendHistory(client, history(), {
      inFlight: 16,
      onProgress: (n) => {
        if (Date.now() - lastLog <= 10_000) return;
        lastLog = Date.now();
        log(`  appended ${fmt(n)}`);
      },
    });
    log(`appended ${fmt(appended)} events in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    started = Date.now();
    api = await startApi(store.url, JWT_SECRET);
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
    console.log(lines.join('\n'));
  } finally {
    await api?.stop();
    await client.dispose();
    await store.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

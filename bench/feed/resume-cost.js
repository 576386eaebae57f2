// What FEED_RECENT_EVENTS trades: the memory each event the feed hub holds costs, against what a client that resumes
// from further back costs instead (it reads the log from the store on its own, every event of the log decoded and
// framed again, whoever it concerns). Fills a store through the API with the fan-out benchmark's commands (AddCustomer
// and ChangeLicenseCount for BENCH_PARTNERS partners, BENCH_SECONDS), then, in this process with the API's compiled
// feed code: holds BENCH_HELD events (those of the log, framed again with new positions) in the hub's memory and
// measures the heap they take, and reads the log back as a resuming stream does, measuring CPU per event. Run after
// `npm run build`:
//   node --expose-gc bench/feed/resume-cost.js
//   BENCH_SECONDS (default 10), BENCH_PARTNERS (default 10), BENCH_HELD (default 65536)
'use strict';
const { join, resolve } = require('node:path');
const autocannon = require('autocannon');
const { EventStoreDBClient, START, excludeSystemEvents } = require('@eventstore/db-client');
const { processCpu } = require('../support');
const { startApi, startStore } = require('../audit/servers');
const { SECRET, benchPartner } = require('../api/workloads');

const root = resolve(__dirname, '../..');
const { FeedHub } = require(join(root, 'dist/apps/api/src/event-feed/feed-hub.js'));
const { RecentEvents } = require(join(root, 'dist/apps/api/src/event-feed/recent-events.js'));
const { feedEntryOf } = require(join(root, 'dist/apps/api/src/event-feed/feed-entry.js'));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PARTNERS = Number(process.env.BENCH_PARTNERS ?? 10);
const HELD = Number(process.env.BENCH_HELD ?? 65_536);
const SOURCE = 'http://127.0.0.1:3000/v1';
const BATCH = 256; // what a stream reads from the store at a time (feed-stream.ts)

async function fill(base) {
  const partners = [];
  for (let i = 0; i < PARTNERS; i++) partners.push(await benchPartner(base));
  let turn = 0;
  const next = (kind) => (req) => {
    const partner = partners[turn++ % partners.length];
    return partner[kind][0].setupRequest({ ...req, headers: partner.headers });
  };
  await autocannon({
    url: base,
    connections: 8,
    duration: SECONDS,
    requests: [{ method: 'POST', path: '/v1/customers', setupRequest: next('addCustomer') }, { setupRequest: next('changeLicenseCount') }],
  });
}

async function recorded(client) {
  const events = [];
  for await (const { event } of client.readAll({ fromPosition: START, filter: excludeSystemEvents() })) if (event) events.push(event);
  return events;
}

/** The memory `count` entries take in the hub's memory (heap and buffers), each framed anew from the log's events. */
function heldBytes(events, count) {
  const heap = () => {
    global.gc();
    global.gc();
    const { heapUsed, external } = process.memoryUsage();
    return heapUsed + external;
  };
  const before = heap();
  const memory = new RecentEvents(count, -1n);
  for (let i = 0; i < count; i++) {
    const event = events[i % events.length];
    memory.add(feedEntryOf({ ...event, position: { commit: BigInt(i + 1) } }, SOURCE));
  }
  const bytes = heap() - before;
  if (memory.size !== count) throw new Error('the memory did not hold them all');
  return bytes;
}

/** CPU µs per event of the log for a stream reading it back from the store, and from the memory once held there. */
async function readCost(hub, events, storePid) {
  let cursor = -1n;
  let read = 0;
  const storeBefore = processCpu(storePid);
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let batch; (batch = await hub.readStored(cursor, BATCH)).length > 0; cursor = batch.at(-1).position) read += batch.length;
  const storeCpu = process.cpuUsage(cpu);
  const storeWall = Number(process.hrtime.bigint() - started) / 1e3;
  const storeAfter = processCpu(storePid);
  const memory = new RecentEvents(events.length, -1n);
  for (const event of events) memory.add(feedEntryOf(event, SOURCE));
  const memoryCpu = process.cpuUsage();
  let held = 0;
  for (let batch, at = -1n; (batch = memory.after(at, BATCH)).length > 0; at = batch.at(-1).position) held += batch.length;
  const fromMemory = process.cpuUsage(memoryCpu);
  return {
    read,
    store: (storeCpu.user + storeCpu.system) / read,
    storeProcess: (storeAfter.user + storeAfter.system - storeBefore.user - storeBefore.system) / read,
    storeWall: storeWall / read,
    memory: (fromMemory.user + fromMemory.system) / held,
  };
}

async function main() {
  if (typeof global.gc !== 'function') throw new Error('run with node --expose-gc');
  const store = await startStore();
  const api = await startApi(store.url, SECRET, { EVENTSTORE_PORT: 'off' });
  const client = EventStoreDBClient.connectionString(store.url);
  try {
    await fill(api.url);
    const events = await recorded(client);
    const frames = events.map((event) => feedEntryOf(event, SOURCE).frame.length);
    const bytes = heldBytes(events, HELD);
    const hub = new FeedHub(client, { config: {}, source: () => SOURCE });
    const cost = await readCost(hub, events, store.pid);
    console.log(
      `feed memory and resumes: a log of ${events.length} events (${PARTNERS} partners' commands for ${SECONDS} s), frames of ${Math.round(frames.reduce((a, b) => a + b, 0) / frames.length)} bytes on average`,
    );
    console.log(
      `  held in the hub's memory   ${(bytes / HELD).toFixed(0)} bytes per event (heap and buffers) (${HELD} held: ${(bytes / 2 ** 20).toFixed(1)} MB)`,
    );
    console.log(
      `  a resume read back         from the store ${cost.store.toFixed(1)} µs CPU here and ${cost.storeProcess.toFixed(1)} µs in the store (${cost.storeWall.toFixed(1)} µs wall) per event of the log it was behind; from the memory ${cost.memory.toFixed(2)} µs`,
    );
  } finally {
    await client.dispose().catch(() => undefined);
    await api.stop();
    await store.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

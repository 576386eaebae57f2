// The feed hub's own CPU per delivered event, without sockets, the store or commands: the compiled FeedHub in this
// process on a stand-in store subscription, BENCH_CLIENTS streams over BENCH_PARTNERS partners each piped into a
// writable that takes every chunk at once, and BENCH_EVENTS events handed to the hub one at a time (each in its own
// turn of the event loop, as events arrive at a moderate command rate), each concerning one partner in turn. Prints
// the CPU per event and per delivered frame, best of BENCH_ROUNDS rounds. Run after `npm run build`:
//   node bench/feed/wake-pass.js
//   BENCH_CLIENTS (default 200), BENCH_PARTNERS (default 10), BENCH_EVENTS (default 20000), BENCH_ROUNDS (default 5)
'use strict';
const { EventEmitter } = require('node:events');
const { Writable } = require('node:stream');
const { join, resolve } = require('node:path');

const root = resolve(__dirname, '../..');
const { FeedHub } = require(join(root, 'dist/apps/api/src/event-feed/feed-hub.js'));
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 200);
const PARTNERS = Number(process.env.BENCH_PARTNERS ?? 10);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const FRAME = Buffer.alloc(1_000, 'x');
const turn = () => new Promise((done) => setImmediate(done));

/** The store as the hub uses it: an empty log to find the head of, and a subscription this script feeds. */
function standInStore() {
  const subscription = Object.assign(new EventEmitter(), { unsubscribe: async () => undefined });
  return {
    subscription,
    client: {
      subscribeToAll: () => subscription,
      readAll: async function* () {},
    },
  };
}

async function round() {
  const { client, subscription } = standInStore();
  const config = {
    heartbeatMs: 3_600_000,
    clientBufferBytes: 256 * 1024,
    recentEvents: 16_384,
    maxConnections: CLIENTS,
    maxConnectionsPerPartner: CLIENTS,
  };
  const hub = new FeedHub(client, { config, source: () => 'http://127.0.0.1/v1' });
  hub.start();
  let frames = 0;
  for (let i = 0; i < CLIENTS; i++) {
    const admission = await hub.open({ partnerId: `p${i % PARTNERS}`, disconnect: () => undefined });
    admission.stream.pipe(new Writable({ write: (chunk, _encoding, done) => (frames++, done()) }));
  }
  // The hub takes the subscription's events through feedEntryOf; entries built here leave out the per-event
  // decoding, which does not depend on the clients.
  const received = (position) =>
    hub.received({ position: BigInt(position), type: 'CustomerAdded', partners: [`p${position % PARTNERS}`], frame: FRAME });
  subscription.emit('data', {}); // no event: the subscription is up
  await turn();
  const before = process.cpuUsage();
  for (let position = 1; position <= EVENTS; position++) {
    received(position);
    await turn();
    await turn();
  }
  const cpu = process.cpuUsage(before);
  await hub.stop();
  return { us: cpu.user + cpu.system, frames };
}

/** The same turns of the event loop with no event: what the loop itself costs, taken off the rounds'. */
async function idleTurns() {
  const before = process.cpuUsage();
  for (let position = 1; position <= EVENTS; position++) {
    await turn();
    await turn();
  }
  const cpu = process.cpuUsage(before);
  return cpu.user + cpu.system;
}

async function main() {
  let best;
  let idle = Infinity;
  for (let i = 0; i < ROUNDS; i++) {
    const result = await round();
    if (!best || result.us < best.us) best = result;
    idle = Math.min(idle, await idleTurns());
  }
  const us = best.us - idle;
  console.log(
    `feed hub wake pass: ${CLIENTS} streams over ${PARTNERS} partners, ${EVENTS} events one per turn: ${(us / EVENTS).toFixed(1)} µs per event, ${(us / best.frames).toFixed(2)} µs per delivered frame (${best.frames} frames; the loop's own ${(idle / EVENTS).toFixed(1)} µs per event taken off), best of ${ROUNDS}`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

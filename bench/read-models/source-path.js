// The projector's source path alone: the generated history appended to the event store (the compiled CLI,
// --memory, in its own process), then one catch-up subscription drained without applying anything. Reports
// the rate and CPU per event of each thread of this process (main, subscription worker, V8 helpers) and of
// the store, from /proc (Linux).
//   BENCH_EVENTS   events in the history (default 200,000)
//   BENCH_SOURCE   worker (default: WorkerEventSource, decoding in a worker thread) or direct (EsdbEventSource)
'use strict';
const { historyOptions: historyOptionsFor } = require('./history-options');
const { spawn } = require('node:child_process');
const { loadavg } = require('node:os');
const { join, resolve } = require('node:path');
const { EventStoreDBClient } = require('@eventstore/db-client');
const { accepts, freePort, threadCpu } = require('../support');
const { appendHistory } = require('./history-to-store');

const root = resolve(__dirname, '../..');
const rm = require(join(root, 'dist/libs/read-models/src'));
const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const historyOptions = historyOptionsFor(EVENTS);
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

function perEvent(before, after, events) {
  return Object.entries(after)
    .map(([thread, us]) => [thread, us - (before[thread] ?? 0)])
    .filter(([, us]) => us >= 50_000)
    .map(([thread, us]) => `${thread} ${(us / events).toFixed(1)}`)
    .join(', ');
}

async function main() {
  const port = await freePort();
  const store = spawn(
    process.execPath,
    [join(root, 'dist/apps/eventstore/src/main.js'), '--host', '127.0.0.1', '--port', String(port), '--memory'],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  try {
    while (!(await accepts(port))) {
      if (store.exitCode !== null) throw new Error('the event store did not start');
      await sleep(100);
    }
    const url = `esdb://127.0.0.1:${port}?tls=false`;
    const client = EventStoreDBClient.connectionString(url);
    try {
      const { appended } = await appendHistory(client, rm.generateHistory(historyOptions), { inFlight: 16 });
      const kind = process.env.BENCH_SOURCE ?? 'worker';
      const source = kind === 'worker' ? new rm.WorkerEventSource(url, client) : new rm.EsdbEventSource(client);
      const storeBefore = threadCpu(store.pid);
      const ownBefore = threadCpu(process.pid);
      const started = Date.now();
      const subscription = source.subscribe(undefined);
      let received = 0;
      for await (const message of subscription) {
        if (message.kind === 'event') received++;
        else if (message.kind === 'events') received += message.events.length;
        else break;
      }
      const seconds = (Date.now() - started) / 1000;
      const storeAfter = threadCpu(store.pid);
      const ownAfter = threadCpu(process.pid);
      await subscription.close();
      console.log(
        `${kind} source: ${received.toLocaleString('en-US')} of ${appended.toLocaleString('en-US')} events in ${seconds.toFixed(1)} s, ` +
          `${Math.round(received / seconds).toLocaleString('en-US')} events/s; load average ${loadavg()[0].toFixed(2)}`,
      );
      console.log(`  CPU µs/event, this process by thread: ${perEvent(ownBefore, ownAfter, received)}`);
      console.log(`  CPU µs/event, store by thread: ${perEvent(storeBefore, storeAfter, received)}`);
    } finally {
      await client.dispose();
    }
  } finally {
    await new Promise((done) => (store.once('exit', done), store.kill('SIGTERM')));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

// What a command costs when another instance appended to its stream since this one cached it: the append conflicts,
// the state is brought up to date, the command is decided again and appended. Run on streams of growing length, on the
// embedded store in memory, through the command path (AggregateStore) of a checkout's dist/. The cost should not grow
// with the stream: only the events the cache missed are read.
//   node bench/api/stale-cache.js [checkout, default this one]
//   BENCH_ROUNDS   conflicting commands per stream length (default 200)
'use strict';
const { resolve, join } = require('node:path');
const { EventStoreDBClient, jsonEvent } = require('@eventstore/db-client');

const checkout = resolve(process.argv[2] ?? join(__dirname, '../..'));
const { AggregateStore } = require(join(checkout, 'dist/libs/event-store/src'));
const { startEventStoreServer } = require(join(checkout, 'dist/libs/eventstore-server/src'));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
const LENGTHS = [10, 1_000, 10_000];

const counter = {
  initialState: () => 0,
  evolve: (state, event) => state + event.data.by,
  decide: (command) => [{ type: 'Counted', data: { by: command.data.by } }],
};
const metadata = { actor: { kind: 'system', process: 'bench' }, correlationId: 'c', causationId: 'c', command: 'Count' };
const command = (streamName) => ({
  streamName,
  decider: counter,
  command: { type: 'Count', data: { by: 1 } },
  context: {},
  metadata,
});

async function main() {
  const server = await startEventStoreServer({ port: 0, memory: true });
  const client = EventStoreDBClient.connectionString(server.connectionString);
  const other = EventStoreDBClient.connectionString(server.connectionString);
  try {
    console.log(`checkout ${checkout}: a command whose cached stream another writer moved, ${ROUNDS} per length`);
    console.log('| stream length | mean ms per command | p99 ms |');
    console.log('| ---: | ---: | ---: |');
    for (const length of LENGTHS) {
      const stream = `counter-${length}`;
      for (let written = 0; written < length; written += 500) {
        const count = Math.min(500, length - written);
        await client.appendToStream(
          stream,
          Array.from({ length: count }, () => jsonEvent({ type: 'Counted', data: { by: 1 } })),
        );
      }
      const store = new AggregateStore(client);
      await store.execute(command(stream));
      const times = [];
      for (let round = 0; round < ROUNDS; round++) {
        await other.appendToStream(stream, jsonEvent({ type: 'Counted', data: { by: 1 } }));
        const started = process.hrtime.bigint();
        await store.execute(command(stream));
        times.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      times.sort((a, b) => a - b);
      const mean = times.reduce((sum, t) => sum + t, 0) / times.length;
      console.log(`| ${length.toLocaleString('en-US')} | ${mean.toFixed(2)} | ${times[Math.floor(times.length * 0.99)].toFixed(2)} |`);
    }
  } finally {
    await client.dispose();
    await other.dispose();
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

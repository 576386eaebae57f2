// Batches from one writer against the durable and the --null server, alternating, so each durable figure has
// a null figure taken minutes apart at most under the same host load: events/s, the durable/null ratio of each
// round and the server's CPU µs per event (all threads). The durable server keeps one data directory across
// rounds, so later rounds append to a grown log as a long-running server does.
//   BENCH_SECONDS  seconds per run (default 5)     BENCH_ROUNDS   rounds (default 3)
//   BENCH_BATCH    events per append (default 100) BENCH_WRITERS  concurrent writers (default 1)
'use strict';
const { existsSync, mkdtempSync, rmSync } = require('node:fs');
const { loadavg, tmpdir } = require('node:os');
const { join } = require('node:path');
const { EventStoreDBClient } = require('@eventstore/db-client');
const { cli, startServer } = require('./servers');
const { appendLoad } = require('./timed-appends');

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BATCH = Number(process.env.BENCH_BATCH ?? 100);
const WRITERS = Number(process.env.BENCH_WRITERS ?? 1);

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function measure(storageArgs) {
  const server = await startServer(storageArgs);
  const client = EventStoreDBClient.connectionString(server.connectionString);
  try {
    // Connection, BatchAppend call and the server's hot code warmed up outside the measured run.
    await appendLoad(client, WRITERS, BATCH, 1);
    return await appendLoad(client, WRITERS, BATCH, SECONDS, server.pid);
  } finally {
    await client.dispose();
    await server.stop();
  }
}

async function main() {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
  const dir = mkdtempSync(join(tmpdir(), 'esdb-batch-pairs-'));
  const format = ({ rate, p50, cpuUs }) => `${Math.round(rate)} events/s, p50 ${p50.toFixed(2)} ms, ${cpuUs.toFixed(1)} µs CPU/event`;
  try {
    console.log(`${WRITERS} writer(s), batches of ${BATCH}, ${SECONDS}s per run; load average ${load()}`);
    const ratios = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // The order flips each round, so neither server always runs first after the other's exit.
      const order = round % 2 ? ['durable', 'null'] : ['null', 'durable'];
      const results = {};
      for (const label of order) results[label] = await measure(label === 'null' ? ['--null'] : ['--data', join(dir, 'durable')]);
      const ratio = results.durable.rate / results.null.rate;
      ratios.push(ratio);
      console.log(
        `round ${round}: durable ${format(results.durable)} | null ${format(results.null)} | durable/null ${ratio.toFixed(2)} | load ${load()}`,
      );
    }
    ratios.sort((a, b) => a - b);
    console.log(`median durable/null ${ratios[Math.floor(ratios.length / 2)].toFixed(2)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

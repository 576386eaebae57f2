// The append loops of the event store's benches: writers appending batches to streams of their own, each
// append with the stream's exact expected revision, timed, with the server's CPU per event.
'use strict';
const { randomUUID } = require('node:crypto');
const { jsonEvent } = require('@eventstore/db-client');
const { serverCpu } = require('./servers');

const payload = { customerId: '6f1c2a9e-2b7d-4c55-9a57-0d6f3c1f9b21', companyName: 'Contoso Ltd', at: '2026-01-01T00:00:00.000Z' };
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/**
 * Runs `writers` loops for `seconds`, each appending `batch` events per call to its own new stream with
 * the exact expected revision; returns events/s, latencies and, given the server's pid, its CPU µs per
 * event. `append(stream, events, expected)` resolves to the next expected revision; `expected` starts
 * undefined (the stream must not exist).
 */
async function timedAppends(append, writers, batch, seconds, pid) {
  const cpuBefore = pid && serverCpu(pid);
  const latencies = [];
  let events = 0;
  const stopAt = Date.now() + seconds * 1000;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      const stream = `bench-${randomUUID()}`;
      let expected;
      while (Date.now() < stopAt) {
        const t0 = process.hrtime.bigint();
        expected = await append(
          stream,
          Array.from({ length: batch }, (_, n) => ({ ...payload, n })),
          expected,
        );
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        events += batch;
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const cpuAfter = pid && serverCpu(pid);
  const cpuUs = cpuBefore !== undefined && cpuAfter !== undefined ? (cpuAfter - cpuBefore) / events : undefined;
  return { rate: events / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), cpuUs };
}

/** timedAppends through the EventStoreDB client. */
function appendLoad(client, writers, batch, seconds, pid) {
  const append = async (stream, datas, expected) => {
    const events = datas.map((data) => jsonEvent({ type: 'BenchEvent', data }));
    const result = await client.appendToStream(stream, events, { expectedRevision: expected ?? 'no_stream' });
    return result.nextExpectedRevision;
  };
  return timedAppends(append, writers, batch, seconds, pid);
}

module.exports = { appendLoad, payload, percentile, timedAppends };

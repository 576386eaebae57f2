'use strict';
// Appends a generated history to an event store in its generated order, in batches of consecutive events
// of the same stream, a few appends in flight at once (streams are independent, so order within each
// stream is all the projections rely on).
const { jsonEvent } = require('@eventstore/db-client');
// Benches run on the build (`npm run bench` builds first).
const { currentSchemaVersion } = require('../../dist/libs/domain/src');

// `metadataOf(event)` gives each event's metadata (default: the schema version of its type only).
async function appendHistory(
  client,
  events,
  { inFlight = 8, onProgress, metadataOf = (event) => ({ schemaVersion: currentSchemaVersion(event.type) }) } = {},
) {
  const pendingByStream = new Map();
  let appended = 0;
  let last = 0n;
  const running = new Set();
  let batch = [];
  let batchStream;
  const flush = async () => {
    if (batch.length === 0) return;
    const stream = batchStream;
    const data = batch.map((e) => jsonEvent({ type: e.type, data: e.data, metadata: metadataOf(e) }));
    batch = [];
    // Keep per-stream order: wait for the previous append of the same stream.
    const previous = pendingByStream.get(stream) ?? Promise.resolve();
    const append = previous
      .then(() => client.appendToStream(stream, data))
      .then((result) => {
        appended += data.length;
        if (result.position && result.position.commit > last) last = result.position.commit;
        onProgress?.(appended);
      });
    pendingByStream.set(stream, append);
    running.add(append);
    append.finally(() => {
      running.delete(append);
      if (pendingByStream.get(stream) === append) pendingByStream.delete(stream);
    });
    if (running.size >= inFlight) await Promise.race(running);
  };
  for (const event of events) {
    if (event.streamId !== batchStream || batch.length >= 200) await flush();
    batchStream = event.streamId;
    batch.push(event);
  }
  await flush();
  await Promise.all(running);
  return { appended, last };
}

module.exports = { appendHistory };

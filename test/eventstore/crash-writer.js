// Writer process for crash.e2e.spec.ts: appends batches to many streams through the real client
// and journals, with fsync, every batch before it is sent and every acknowledgement after.
// Usage: node crash-writer.js <connectionString> <journalFile> <streamPrefix> <streams> <concurrency>
'use strict';
const { openSync, writeSync, fsyncSync } = require('node:fs');
const { randomUUID } = require('node:crypto');
const { EventStoreDBClient, jsonEvent } = require('@eventstore/db-client');

const [connectionString, journalFile, prefix, streamCount, concurrency] = process.argv.slice(2);
const journal = openSync(journalFile, 'a');
const client = EventStoreDBClient.connectionString(connectionString);

function record(entry) {
  writeSync(journal, `${JSON.stringify(entry)}\n`);
  fsyncSync(journal);
}

async function appendForever() {
  for (;;) {
    const stream = `${prefix}-${Math.floor(Math.random() * Number(streamCount))}`;
    const size = 1 + Math.floor(Math.random() * 10);
    const ids = Array.from({ length: size }, () => randomUUID());
    record({ kind: 'attempt', stream, ids });
    const events = ids.map((id, n) =>
      jsonEvent({ id, type: 'CrashTested', data: { n, pad: 'x'.repeat(Math.floor(Math.random() * 200)) } }),
    );
    try {
      const result = await client.appendToStream(stream, events);
      record({
        kind: 'ack',
        stream,
        ids,
        lastRevision: result.nextExpectedRevision.toString(),
        commit: result.position.commit.toString(),
        prepare: result.position.prepare.toString(),
      });
    } catch {
      // The server was killed: this batch may or may not have been committed, which is allowed.
      await new Promise((done) => setTimeout(done, 50));
    }
  }
}

for (let i = 0; i < Number(concurrency); i++) void appendForever();

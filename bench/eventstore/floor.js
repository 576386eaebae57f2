// The floors under the durable server's append rates on this machine:
// - the disk: 1,000 × (write 100 bytes + fdatasync) in the data directory's filesystem, appending to a
//   growing file and overwriting a preallocated one (what SQLite's reused WAL does);
// - the protocol: sequential and 8-writer single-event appends through the real client against the
//   --null server (no storage) and against the same null storage made to wait, before each reply, for
//   an fdatasync of a WAL-like file that began after the append was accepted: one round trip plus one
//   fdatasync, the best a durable server keeping the store's promise can do.
// Alternates null and null+fdatasync runs so both see the same machine.
//   BENCH_SECONDS  seconds per append run (default 5)   BENCH_ROUNDS  alternations (default 2)
//   BENCH_DATA_DIR filesystem to probe (default the OS temp dir, where bench/eventstore/run.js writes)
//   BENCH_BATCH    events per append (default 1; 100 gives the floor of bench/eventstore/batch-pairs.js); rates
//                  are appends/s, so events/s are BENCH_BATCH times them
'use strict';
const { fork } = require('node:child_process');
const { closeSync, fdatasync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } = require('node:fs');
const { tmpdir, loadavg } = require('node:os');
const { join, resolve } = require('node:path');
const { randomUUID } = require('node:crypto');

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const BATCH = Number(process.env.BENCH_BATCH ?? 1);
const root = resolve(__dirname, '../..');

function probeDisk(dir, mode) {
  const file = join(dir, `probe-${mode}`);
  const n = 1000;
  const record = Buffer.alloc(100, 1);
  const fd = openSync(file, mode === 'append' ? 'a' : 'w+');
  if (mode === 'overwrite') {
    writeSync(fd, Buffer.alloc(n * 100));
    fdatasyncSync(fd);
  }
  const latencies = [];
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    if (mode === 'append') writeSync(fd, record);
    else writeSync(fd, record, 0, record.length, i * record.length);
    fdatasyncSync(fd);
    latencies.push(Number(process.hrtime.bigint() - t0) / 1e3);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  closeSync(fd);
  rmSync(file);
  latencies.sort((a, b) => a - b);
  const at = (p) => Math.round(latencies[Math.min(n - 1, Math.floor(p * n))]);
  return { mode, perSecond: Math.round(n / seconds), meanUs: Math.round((seconds * 1e6) / n), p50: at(0.5), p90: at(0.9), p99: at(0.99) };
}

/** Child: the --null server, optionally with every commit waiting on an fdatasync begun after it. */
async function serve(syncDir) {
  const { startEventStoreServer } = require(join(root, 'dist/libs/eventstore-server/src'));
  const { NullStorage } = require(join(root, 'dist/libs/eventstore-server/src/storage'));
  if (syncDir) {
    // WalSync's pipelining: appends that arrive while a sync runs share the next one.
    const fd = openSync(join(syncDir, 'wal'), 'w+');
    writeSync(fd, Buffer.alloc(1 << 20));
    let offset = 0;
    let syncing = false;
    let waiting = [];
    const sync = () => {
      syncing = true;
      const batch = waiting;
      waiting = [];
      fdatasync(fd, () => {
        syncing = false;
        for (const done of batch) done();
        if (waiting.length > 0) sync();
      });
    };
    const append = NullStorage.prototype.append;
    NullStorage.prototype.append = function (...args) {
      return append.apply(this, args).then(
        (outcome) =>
          new Promise((done) => {
            // 100 bytes per event: a batch's commit writes more than a single event's.
            const bytes = 100 * args[2].length;
            writeSync(fd, Buffer.alloc(bytes, 1), 0, bytes, (offset = (offset + bytes) % (1 << 20)));
            waiting.push(() => done(outcome));
            if (!syncing) sync();
          }),
      );
    };
  }
  const server = await startEventStoreServer({ nullStorage: true });
  process.send(server.connectionString);
  process.on('message', () => server.stop().then(() => process.exit(0)));
}

async function appendRun(connectionString, writers, seconds = SECONDS) {
  const { EventStoreDBClient, jsonEvent } = require('@eventstore/db-client');
  const client = EventStoreDBClient.connectionString(connectionString);
  await client.appendToStream('warmup', jsonEvent({ type: 'Warm', data: {} }));
  const latencies = [];
  const stopAt = Date.now() + seconds * 1000;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      const stream = `floor-${randomUUID()}`;
      let expectedRevision = 'no_stream';
      while (Date.now() < stopAt) {
        const t0 = process.hrtime.bigint();
        const events = Array.from({ length: BATCH }, (_, n) => jsonEvent({ type: 'BenchEvent', data: { n: latencies.length, i: n } }));
        const result = await client.appendToStream(stream, events, {
          expectedRevision,
        });
        expectedRevision = result.nextExpectedRevision;
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  await client.dispose();
  latencies.sort((a, b) => a - b);
  return { rate: Math.round(latencies.length / elapsed), p50: latencies[Math.floor(latencies.length / 2)].toFixed(2) };
}

async function withServer(syncDir, run) {
  const child = fork(__filename, ['serve', syncDir ?? ''], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const connectionString = await new Promise((done) => child.once('message', done));
  try {
    return await run(connectionString);
  } finally {
    const exited = new Promise((done) => child.once('exit', done));
    child.send('stop');
    await exited;
  }
}

async function main() {
  const dir = mkdtempSync(join(process.env.BENCH_DATA_DIR ?? tmpdir(), 'esdb-floor-'));
  try {
    console.log(
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    for (const mode of ['append', 'overwrite']) console.log('fdatasync', JSON.stringify(probeDisk(dir, mode)));
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [label, syncDir] of [
        ['null', undefined],
        ['null+fdatasync', dir],
      ]) {
        const results = await withServer(syncDir, async (cs) => {
          await appendRun(cs, 8, 1); // warm-up, not reported
          return { sequential: await appendRun(cs, 1), writers8: await appendRun(cs, 8) };
        });
        console.log(`round ${round} ${label.padEnd(15)} ${JSON.stringify(results)}`);
      }
    }
    console.log(
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'serve') serve(process.argv[3] || undefined);
else
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });

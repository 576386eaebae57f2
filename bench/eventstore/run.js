// Benchmark of the embedded EventStoreDB-compatible server through the real client over loopback,
// server (the compiled CLI) and client in separate processes. Each workload runs against the
// durable server (fsync on commit), the --memory server (SQLite in memory), the --null server (stores
// nothing: the client's and protocol's ceiling), Emmett on a SQLite file in this process (a library a
// user might pick instead) and directly on better-sqlite3 in this process (the storage ceiling), and is
// printed as a table with ratios. Every append names the stream's exact expected revision, as a command
// handler does; Emmett checks it too.
//   BENCH_EVENTS   events for the $all read and catch-up runs (default 1,000,000; 0 skips them)
//   BENCH_SECONDS  duration of each append workload (default 5)
'use strict';
const { randomUUID } = require('node:crypto');
const { mkdtempSync, readFileSync, rmSync, existsSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const Database = require('better-sqlite3');
const { EventStoreDBClient, jsonEvent } = require('@eventstore/db-client');
const {
  appendToStream: emmettAppend,
  createEventStoreSchema,
  sqliteConnection,
  SQLiteEventStoreDefaultStreamVersion,
} = require('@event-driven-io/emmett-sqlite');
const { cli, startServer } = require('./servers');
const { appendLoad, payload, percentile, timedAppends } = require('./timed-appends');

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

const event = (n) => jsonEvent({ type: 'BenchEvent', data: { ...payload, n } });

function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)[1]);
  return { rss: kib('VmRSS') / 1024, hwm: kib('VmHWM') / 1024 };
}

/** The append workloads every store runs, in order. */
async function appendRuns(label, load) {
  const results = {};
  process.stderr.write(`[${label}] sequential appends\n`);
  results.sequential = await load(1, 1);
  process.stderr.write(`[${label}] 8 concurrent writers\n`);
  results.concurrent8 = await load(8, 1);
  process.stderr.write(`[${label}] 64 concurrent writers\n`);
  results.concurrent64 = await load(64, 1);
  process.stderr.write(`[${label}] batches of 100\n`);
  results.batch100 = await load(1, 100);
  results.batch100x4 = await load(4, 100);
  return results;
}

/** appendLoad with `subscribers` live subscriptions to $all (from the end) counting what they receive. */
async function liveFanOut(client, pid, subscribers) {
  const subscriptions = [];
  let delivered = 0;
  for (let i = 0; i < subscribers; i++) {
    const subscription = client.subscribeToAll({ fromPosition: 'end' });
    subscription.on('data', () => delivered++);
    await new Promise((done, fail) => (subscription.once('confirmation', done), subscription.once('error', fail)));
    subscriptions.push(subscription);
  }
  const result = await appendLoad(client, 8, 1, SECONDS, pid);
  for (const subscription of subscriptions) await subscription.unsubscribe();
  return { ...result, delivered };
}

async function load(client, total) {
  const perBatch = 1000;
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: 4 }, async (_, w) => {
      for (;;) {
        const from = next;
        if (from >= total) return;
        next += perBatch;
        const count = Math.min(perBatch, total - from);
        await client.appendToStream(
          `load-${w}-${Math.floor(from / 50_000)}`,
          Array.from({ length: count }, (_, n) => event(from + n)),
        );
      }
    }),
  );
  return total / ((Date.now() - started) / 1000);
}

async function readAllRate(client) {
  const started = Date.now();
  let count = 0;
  for await (const _ of client.readAll({ fromPosition: 'start' })) count++;
  return { rate: count / ((Date.now() - started) / 1000), count };
}

async function catchUpRate(client, pid) {
  const before = memoryOf(pid);
  let peakRss = before.rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, memoryOf(pid).rss)), 100);
  const started = Date.now();
  let count = 0;
  const subscription = client.subscribeToAll({ fromPosition: 'start' });
  await new Promise((done, fail) => {
    subscription.on('data', () => count++);
    subscription.on('caughtUp', done);
    subscription.on('error', fail);
  });
  const seconds = (Date.now() - started) / 1000;
  clearInterval(sampler);
  await subscription.unsubscribe();
  const after = memoryOf(pid);
  return { rate: count / seconds, count, rssBefore: before.rss, peakRss: Math.max(peakRss, after.rss), hwm: after.hwm };
}

async function serverRuns(label, storageArgs, { reads = EVENTS > 0 } = {}) {
  process.stderr.write(`[${label}] starting server\n`);
  const server = await startServer(storageArgs);
  const client = EventStoreDBClient.connectionString(server.connectionString);
  try {
    await client.appendToStream('warmup', event(0));
    const results = {};
    if (reads) {
      process.stderr.write(`[${label}] loading ${EVENTS} events\n`);
      results.load = await load(client, EVENTS);
      process.stderr.write(`[${label}] reading $all\n`);
      results.readAll = await readAllRate(client);
      process.stderr.write(`[${label}] catch-up subscription\n`);
      results.catchUp = await catchUpRate(client, server.pid);
    }
    Object.assign(results, await appendRuns(label, (writers, batch) => appendLoad(client, writers, batch, SECONDS, server.pid)));
    process.stderr.write(`[${label}] 8 concurrent writers, 4 live $all subscribers\n`);
    results.live4 = await liveFanOut(client, server.pid, 4);
    return results;
  } finally {
    await client.dispose();
    await server.stop();
  }
}

/**
 * `call` one at a time, in order: Emmett's connection keeps one transaction counter for every call in
 * flight, so concurrent appends would share one transaction. An application has to queue them like this.
 */
function oneAtATime() {
  let tail = Promise.resolve();
  return (call) => {
    const result = tail.then(call);
    tail = result.catch(() => undefined);
    return result;
  };
}

/**
 * Emmett on a SQLite file in this process, every append checking the expected stream version, through
 * the append function its store uses, on one connection kept open. Not through `getSQLiteEventStore`
 * itself: on a file it opens and closes a connection per call, and back-to-back calls made it fail
 * (SQLITE_BUSY "cannot commit transaction - SQL statements in progress", then SQLITE_IOERR).
 */
async function emmettRuns(dir) {
  const connection = sqliteConnection({ fileName: join(dir, 'emmett.sqlite') });
  await createEventStoreSchema(connection);
  const queued = oneAtATime();
  const append = async (stream, datas, expected) => {
    const expectedStreamVersion = expected ?? SQLiteEventStoreDefaultStreamVersion;
    const messages = datas.map((data) => ({ type: 'BenchEvent', data }));
    const result = await queued(() => emmettAppend(connection, stream, 'bench', messages, { expectedStreamVersion }));
    if (!result.success) throw new Error(`Emmett refused the append to ${stream} at ${expectedStreamVersion}`);
    return result.nextStreamPosition;
  };
  try {
    return await appendRuns('emmett', (writers, batch) => timedAppends(append, writers, batch, SECONDS));
  } finally {
    connection.close();
  }
}

/** The same writes straight into SQLite (same table shape, WAL, synchronous=FULL): the storage ceiling. */
function sqliteCeiling(dir) {
  const db = new Database(join(dir, 'ceiling.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY, stream TEXT NOT NULL, revision INTEGER NOT NULL, id TEXT NOT NULL,
    type TEXT NOT NULL, is_json INTEGER NOT NULL, data BLOB NOT NULL, metadata BLOB NOT NULL, created INTEGER NOT NULL);
    CREATE UNIQUE INDEX events_by_stream ON events (stream, revision); CREATE INDEX events_by_id ON events (id);`);
  const insert = db.prepare(
    'INSERT INTO events (stream, revision, id, type, is_json, data, metadata, created) VALUES (?, ?, ?, ?, 1, ?, ?, ?)',
  );
  const revisions = new Map();
  const row = (stream, n) => {
    const revision = revisions.get(stream) ?? 0;
    revisions.set(stream, revision + 1);
    insert.run(stream, revision, randomUUID(), 'BenchEvent', Buffer.from(JSON.stringify({ ...payload, n })), Buffer.alloc(0), Date.now());
  };
  // One transaction per commit group: `group` appends of `batch` events each, like the server's group commit.
  const commit = db.transaction((streams, batch) => {
    for (const stream of streams) for (let n = 0; n < batch; n++) row(stream, n);
  });
  const timed = (writers, batch) => {
    const streams = Array.from({ length: writers }, () => `ceiling-${randomUUID()}`);
    const latencies = [];
    let events = 0;
    const started = process.hrtime.bigint();
    const stopAt = Date.now() + SECONDS * 1000;
    while (Date.now() < stopAt) {
      const t0 = process.hrtime.bigint();
      commit(streams, batch);
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      events += writers * batch;
    }
    latencies.sort((a, b) => a - b);
    return {
      rate: events / (Number(process.hrtime.bigint() - started) / 1e9),
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
    };
  };
  const results = {
    sequential: timed(1, 1),
    concurrent8: timed(8, 1),
    concurrent64: timed(64, 1),
    batch100: timed(1, 100),
    batch100x4: timed(4, 100),
  };
  if (EVENTS === 0) return (db.close(), results);
  const loadStarted = Date.now();
  for (let done = 0; done < EVENTS; done += 1000) commit([`load-${Math.floor(done / 50_000)}`], Math.min(1000, EVENTS - done));
  results.load = EVENTS / ((Date.now() - loadStarted) / 1000);
  const readStarted = Date.now();
  let count = 0;
  for (const _ of db.prepare('SELECT * FROM events ORDER BY position').iterate()) count++;
  results.readAll = { rate: count / ((Date.now() - readStarted) / 1000), count };
  db.close();
  return results;
}

function printTable(columns) {
  const num = (v) => (v === undefined ? '–' : Math.round(v).toLocaleString('en-US'));
  const ms = (v) => (v === undefined ? '–' : v.toFixed(2));
  const ratio = (a, b) => (a && b ? (a / b).toFixed(2) : '–');
  const rows = [
    ['appends/s, 1 writer, single events', (r) => r.sequential.rate, num],
    ['append latency p50 ms, 1 writer', (r) => r.sequential.p50, ms],
    ['append latency p99 ms, 1 writer', (r) => r.sequential.p99, ms],
    ['server CPU µs per event, 1 writer', (r) => r.sequential.cpuUs, num],
    ['appends/s, 8 writers, distinct streams', (r) => r.concurrent8.rate, num],
    ['server CPU µs per event, 8 writers', (r) => r.concurrent8.cpuUs, num],
    ['appends/s, 8 writers, 4 live $all subscribers', (r) => r.live4?.rate, num],
    ['server CPU µs per event, 8 writers, 4 live $all subscribers', (r) => r.live4?.cpuUs, num],
    ['appends/s, 64 writers, distinct streams', (r) => r.concurrent64.rate, num],
    ['append latency p99 ms, 64 writers', (r) => r.concurrent64.p99, ms],
    ['server CPU µs per event, 64 writers', (r) => r.concurrent64.cpuUs, num],
    ['events/s, batches of 100, 1 writer', (r) => r.batch100.rate, num],
    ['server CPU µs per event, batches of 100, 1 writer', (r) => r.batch100.cpuUs, num],
    ['events/s, batches of 100, 4 writers', (r) => r.batch100x4.rate, num],
    [`events/s, loading ${num(EVENTS)} (batches of 1000, 4 writers)`, (r) => r.load, num],
    [`$all read events/s over ${num(EVENTS)}+`, (r) => r.readAll.rate, num],
    [`catch-up delivery events/s over ${num(EVENTS)}+`, (r) => r.catchUp?.rate, num],
    ['server RSS MiB before catch-up', (r) => r.catchUp?.rssBefore, num],
    ['server peak RSS MiB during catch-up', (r) => r.catchUp?.peakRss, num],
    ['server VmHWM MiB (lifetime peak)', (r) => r.catchUp?.hwm, num],
  ].filter(([name]) => EVENTS > 0 || !/loading|read|catch-up|RSS|VmHWM/.test(name));
  // Ratios of the durable server to each other column; CPU rows and latencies compare nothing.
  const others = columns.slice(1);
  const header = ['workload', ...columns.map((c) => c.name), ...others.map((c) => `durable/${c.short}`)];
  const body = rows.map(([name, pick, format]) => {
    const values = columns.map((c) => {
      try {
        return pick(c.results);
      } catch {
        return undefined;
      }
    });
    const rated = format === num && !name.includes('CPU') && !name.includes('MiB');
    return [name, ...values.map(format), ...others.map((_, i) => (rated ? ratio(values[0], values[i + 1]) : ''))];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  console.log(`\nEmbedded event store, ${SECONDS}s per append workload, BENCH_EVENTS=${EVENTS}`);
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const b of body) console.log(line(b));
}

async function main() {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
  const dir = mkdtempSync(join(tmpdir(), 'esdb-bench-'));
  try {
    const durable = await serverRuns('durable', ['--data', join(dir, 'durable')]);
    const memory = await serverRuns('memory', ['--memory']);
    // Nothing to read from a store that keeps nothing.
    const none = await serverRuns('null', ['--null'], { reads: false });
    const emmett = await emmettRuns(dir);
    process.stderr.write('[sqlite] direct writes\n');
    const ceiling = sqliteCeiling(dir);
    printTable([
      { name: 'durable', short: 'durable', results: durable },
      { name: '--memory', short: 'memory', results: memory },
      { name: '--null', short: 'null', results: none },
      { name: 'Emmett, SQLite file', short: 'Emmett', results: emmett },
      { name: 'sqlite direct', short: 'sqlite', results: ceiling },
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

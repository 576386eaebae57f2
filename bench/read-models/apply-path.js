// The projector's apply path alone, without the event store: the generated history (as in run.js) in an
// in-process MemoryEventSource, every projection caught up into an empty database. Reports wall time and
// CPU per event of this process (the apply path plus the generation of the history, which is small beside it)
// and, for a local PostgreSQL, of its server processes; on a shared machine the CPU figures are the signal.
//   BENCH_EVENTS        events in the history (default 200,000)
//   BENCH_DIALECT       sqlite (default) or postgres (BENCH_POSTGRES_URL / TEST_POSTGRES_URL)
//   BENCH_BATCH         projector batch size (default 2000, as the projector app)
//   BENCH_PROJECTIONS   comma-separated projection names (default all)
'use strict';
const { historyOptions: historyOptionsFor } = require('./history-options');
const { postgresCpu, scratchPostgresDatabase } = require('../support');
const { mkdtempSync, rmSync } = require('node:fs');
const { loadavg, tmpdir } = require('node:os');
const { join, resolve } = require('node:path');

const root = resolve(__dirname, '../..');
const rm = require(join(root, 'dist/libs/read-models/src'));
const { createDatabase } = require(join(root, 'dist/libs/sql/src'));

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const DIALECT = process.env.BENCH_DIALECT ?? 'sqlite';
const POSTGRES = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL;
const ONLY = process.env.BENCH_PROJECTIONS?.split(',');
const historyOptions = historyOptionsFor(EVENTS);

async function openDatabase() {
  if (DIALECT === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'bench-apply-'));
    const db = createDatabase({ dialect: 'sqlite', file: join(dir, 'read-models.sqlite') });
    return { db, drop: async () => (await db.destroy(), rmSync(dir, { recursive: true, force: true })) };
  }
  if (!POSTGRES) throw new Error('BENCH_DIALECT=postgres needs BENCH_POSTGRES_URL or TEST_POSTGRES_URL');
  const { url, drop } = await scratchPostgresDatabase(POSTGRES, 'bench_apply');
  const db = createDatabase({ dialect: 'postgres', url });
  return { db, drop: async () => (await db.destroy(), await drop()) };
}

async function main() {
  const source = new rm.MemoryEventSource();
  const history = [...rm.generateHistory(historyOptions)];
  for (let i = 0; i < history.length; i += 10_000) source.append(...history.slice(i, i + 10_000));
  const head = source.all()[source.all().length - 1].position.commit;
  const database = await openDatabase();
  try {
    await rm.migrateReadModels(database.db);
    const projections = ONLY ? rm.allProjections.filter((p) => ONLY.includes(p.name)) : rm.allProjections;
    const names = projections.map((p) => p.name);
    const pg = postgresCpu();
    const cpu = process.cpuUsage();
    const started = Date.now();
    const projector = await rm.Projector.start({
      db: database.db,
      source,
      projections,
      batchSize: Number(process.env.BENCH_BATCH ?? 2000),
    });
    while (!((await rm.reachedPosition(database.db, names)) >= head && projector.runners.every((r) => r.status().state === 'live'))) {
      await new Promise((done) => setTimeout(done, 20));
    }
    const seconds = (Date.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const pgNow = postgresCpu();
    await projector.stop();
    const us = (s) => ((s * 1e6) / history.length).toFixed(1);
    console.log(
      `${DIALECT}, ${names.length} projections, ${history.length.toLocaleString('en-US')} events: ${seconds.toFixed(1)} s, ` +
        `${Math.round(history.length / seconds).toLocaleString('en-US')} events/s; CPU µs/event: this process ${us((used.user + used.system) / 1e6)} ` +
        `(system ${us(used.system / 1e6)})` +
        (DIALECT === 'postgres' && pg !== undefined && pgNow !== undefined ? `, postgres ${us(pgNow - pg)}` : '') +
        `; load average ${loadavg()[0].toFixed(2)}`,
    );
  } finally {
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

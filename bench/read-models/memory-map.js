// The read models' SQLite files with and without a memory map (`mmap_size`): the generated history (as in run.js)
// caught up into one file by every projection, then the customer-list queries of the big provider (deep pages from
// random cursors, prefix searches, the reseller filter) on two connections to that file, one as the API opens it
// (no memory map, the 64 MiB page cache) and one with a 256 MiB map besides, in alternating rounds. Reports this
// process's CPU per query for each and what the map adds to RSS as file pages.
//   BENCH_EVENTS   events in the history (default 1,000,000: a file well over the page cache)
//   BENCH_ROUNDS   alternating rounds of each connection (default 4)
'use strict';
const { historyOptions: historyOptionsFor } = require('./history-options');
const { pageCursors } = require('./list-pages');
const { mkdtempSync, readFileSync, rmSync, statSync } = require('node:fs');
const { loadavg, tmpdir } = require('node:os');
const { join, resolve } = require('node:path');

const root = resolve(__dirname, '../..');
const rm = require(join(root, 'dist/libs/read-models/src'));
const { createDatabase } = require(join(root, 'dist/libs/sql/src'));
const { sql } = require('kysely');

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const QUERIES = 600;

const fileMiB = () => Number(/RssFile:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) / 1024;

async function catchUp(file) {
  const source = new rm.MemoryEventSource();
  const history = [...rm.generateHistory(historyOptionsFor(EVENTS))];
  for (let i = 0; i < history.length; i += 10_000) source.append(...history.slice(i, i + 10_000));
  const head = source.all().at(-1).position.commit;
  const db = createDatabase({ dialect: 'sqlite', file });
  await rm.migrateReadModels(db);
  const names = rm.allProjections.map((p) => p.name);
  const projector = await rm.Projector.start({ db, source, projections: rm.allProjections, batchSize: 2000 });
  while (!((await rm.reachedPosition(db, names)) >= head && projector.runners.every((r) => r.status().state === 'live'))) {
    await new Promise((done) => setTimeout(done, 50));
  }
  await projector.stop();
  await db.destroy();
}

/** The query mix, the same sequence for both connections. */
async function queryMix(db) {
  const tables = new rm.ActiveTables(db, 60_000);
  const provider = 'provider-big';
  const cursors = await pageCursors(rm, db, tables, provider);
  const resellers = (await rm.queryIndirectResellers(db, tables, provider)).map((r) => r.resellerId);
  const prefixes = ['contoso', 'blue', 'fabrikam t', 'northwind labs 1', 'c-00001', 'coho works 2'];
  return async (seed) => {
    let a = seed;
    const pick = (items) => items[(a = (a * 16807) % 2147483647) % items.length];
    for (let i = 0; i < QUERIES / 3; i++) {
      await rm.queryCustomerList(db, tables, provider, { limit: 50, cursor: pick(cursors) });
      await rm.queryCustomerList(db, tables, provider, { limit: 50, search: pick(prefixes) });
      await rm.queryCustomerList(db, tables, provider, { limit: 50, resellerId: pick(resellers) });
    }
  };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-mmap-'));
  const file = join(dir, 'read-models.sqlite');
  try {
    const started = Date.now();
    await catchUp(file);
    console.log(
      `${EVENTS.toLocaleString('en-US')} events caught up in ${((Date.now() - started) / 1000).toFixed(0)} s: ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB file`,
    );
    const plain = createDatabase({ dialect: 'sqlite', file });
    const mapped = createDatabase({ dialect: 'sqlite', file });
    await sql.raw('PRAGMA mmap_size = 268435456').execute(mapped);
    const filePages = fileMiB();
    const runs = { plain: await queryMix(plain), mapped: await queryMix(mapped) };
    const cpu = { plain: [], mapped: [] };
    for (let round = 0; round <= ROUNDS; round++) {
      for (const name of round % 2 ? ['plain', 'mapped'] : ['mapped', 'plain']) {
        const before = process.cpuUsage();
        await runs[name](round + 7);
        const used = process.cpuUsage(before);
        if (round > 0) cpu[name].push((used.user + used.system) / QUERIES); // round 0 warms both caches
      }
    }
    const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    console.log(`| connection | CPU µs per query (median of ${ROUNDS} rounds of ${QUERIES}) |\n| --- | ---: |`);
    for (const name of ['plain', 'mapped'])
      console.log(
        `| ${name === 'plain' ? 'no memory map (as the API opens it)' : 'mmap_size 256 MiB'} | ${median(cpu[name]).toFixed(1)} |`,
      );
    console.log(
      `plain ÷ mapped CPU: ${(median(cpu.plain) / median(cpu.mapped)).toFixed(2)}; file pages the map added to RSS: ${(fileMiB() - filePages).toFixed(0)} MiB; load average ${loadavg()[0].toFixed(2)}`,
    );
    await plain.destroy();
    await mapped.destroy();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

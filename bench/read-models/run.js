// Read-model benchmark over a generated history (thousands of partners, one provider with half of all
// customers), the event store (the compiled CLI, durable unless BENCH_STORE=memory) in its own process, the projector in this one:
//   - catch-up of all projections over one $all subscription decoded in a worker thread (= full rebuild
//     from an empty database),
//     SQLite and PostgreSQL, against a plain batched insert of the same final rows (the ceiling);
//   - rebuild of one projection (customer-list) beside the serving generation, switch-over included;
//   - p50/p99 of a 50-row customer-list page of the big provider: first and deep pages, prefix search,
//     reseller filter;
//   - GET of one customer account through the API at 8 connections (autocannon).
//   BENCH_EVENTS         events in the history (default 1,000,000; customers = events / 5)
//   BENCH_POSTGRES_URL   PostgreSQL server for the PostgreSQL runs (default TEST_POSTGRES_URL; unset: skipped)
//   BENCH_SECONDS        duration of the HTTP run (default 10)
//   BENCH_STORE          durable (default: the store on disk, as `npm start` runs it) or memory (--memory)
'use strict';
const { historyOptions: historyOptionsFor } = require('./history-options');
const { pageCursors } = require('./list-pages');
const { spawn } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { accepts, devToken, freePort, postgresCpu, processCpu, scratchPostgresDatabase } = require('../support');
const { loadavg, tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { createInterface } = require('node:readline');
const autocannon = require('autocannon');
const { EventStoreDBClient } = require('@eventstore/db-client');
const { appendHistory } = require('./history-to-store');

const root = resolve(__dirname, '../..');
const dist = (path) => require(join(root, 'dist', path));
const rm = dist('libs/read-models/src');
const { createDatabase } = dist('libs/sql/src');
const { createGenerationIndexes, createGenerationTables } = dist('libs/read-models/src/runtime/generation-tables');

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const POSTGRES = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL;
const historyOptions = historyOptionsFor(EVENTS);
const CUSTOMERS = historyOptions.customers;
const JWT_SECRET = 'bench-read-models-secret-0123456789abcdef0123456789';

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const log = (line) => process.stderr.write(`${line}\n`);

const STORE = process.env.BENCH_STORE === 'memory' ? 'memory' : 'durable';

async function startStore() {
  const port = await freePort();
  const dataDir = STORE === 'durable' ? mkdtempSync(join(tmpdir(), 'bench-rm-store-')) : null;
  const child = spawn(
    process.execPath,
    [
      join(root, 'dist/apps/eventstore/src/main.js'),
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      ...(dataDir ? ['--data', dataDir] : ['--memory']),
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (dataDir) child.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  while (!(await accepts(port))) {
    if (child.exitCode !== null) throw new Error('the event store did not start');
    await sleep(100);
  }
  return {
    url: `esdb://127.0.0.1:${port}?tls=false`,
    pid: child.pid,
    stop: () => new Promise((done) => (child.once('exit', done), child.kill('SIGTERM'))),
  };
}

async function openDatabase(dialect) {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'bench-rm-'));
    const db = createDatabase({ dialect: 'sqlite', file: join(dir, 'read-models.sqlite') });
    return { db, dataDir: dir, drop: async () => (await db.destroy(), rmSync(dir, { recursive: true, force: true })) };
  }
  const { url, drop } = await scratchPostgresDatabase(POSTGRES, 'bench_rm');
  const db = createDatabase({ dialect: 'postgres', url });
  return { db, url, drop: async () => (await db.destroy(), await drop()) };
}

/** CPU seconds (user and system) a process used so far, or undefined where /proc cannot be read. */
function processSeconds(pid) {
  const cpu = processCpu(pid);
  return cpu ? (cpu.user + cpu.system) / 1e6 : undefined;
}

/**
 * CPU per event of a run, by process: on a shared machine wall-clock rates move with the neighbours' load,
 * CPU time much less. `projector` is this process (main thread, subscription worker, GC).
 */
function cpuMeter(storePid, events) {
  const own = process.cpuUsage();
  const store = processSeconds(storePid);
  const pg = postgresCpu();
  return () => {
    const used = process.cpuUsage(own);
    const perEvent = (seconds) => (seconds === undefined ? undefined : (seconds * 1e6) / events);
    const storeNow = processSeconds(storePid);
    const pgNow = postgresCpu();
    return {
      projectorUs: perEvent((used.user + used.system) / 1e6),
      storeUs: perEvent(store === undefined || storeNow === undefined ? undefined : storeNow - store),
      postgresUs: perEvent(pg === undefined || pgNow === undefined ? undefined : pgNow - pg),
    };
  };
}

const cpuLine = (cpu, dialect) =>
  `CPU µs/event: projector process ${cpu.projectorUs?.toFixed(1) ?? '?'}, store ${cpu.storeUs?.toFixed(1) ?? '?'}` +
  (dialect === 'postgres' ? `, postgres (all server processes, 1 s resolution each) ${cpu.postgresUs?.toFixed(1) ?? '?'}` : '');

async function catchUp(db, source, head) {
  await rm.migrateReadModels(db);
  const names = rm.allProjections.map((p) => p.name);
  const started = Date.now();
  const projector = await rm.Projector.start({ db, source, batchSize: 2000 });
  let lastLog = 0;
  for (;;) {
    const reached = await rm.reachedPosition(db, names);
    // Caught up = every event applied and the runner live (its deferred indexes built).
    if (reached >= head && projector.runners.every((r) => r.status().state === 'live')) break;
    if (Date.now() - lastLog > 5000) {
      lastLog = Date.now();
      log(`  catch-up: position ${fmt(Math.max(0, reached))} of ${fmt(head)}`);
    }
    await sleep(100);
  }
  const seconds = (Date.now() - started) / 1000;
  await projector.stop();
  return seconds;
}

/** The ceiling: the same final rows (all tables and documents) inserted in plain batched transactions. */
async function plainInsert(db, dialect) {
  let rows = 0;
  let seconds = 0;
  for (const projection of rm.allProjections) {
    const active = await rm.activeGeneration(db, projection.name);
    const target = 900 + active.generation;
    // Indexed from the start, as the tables were before indexes were deferred to the end of a catch-up.
    await createGenerationTables(db, projection, target, dialect);
    await createGenerationIndexes(db, projection, target);
    const tables = [
      [rm.docsTableName(projection, active.generation), rm.docsTableName(projection, target), 4],
      ...projection.tables.map((t) => [
        rm.tableName(t.name, active.generation),
        rm.tableName(t.name, target),
        Object.keys(t.columns).length,
      ]),
    ];
    for (const [from, to, columns] of tables) {
      const all = await db.selectFrom(from).selectAll().execute();
      rows += all.length;
      const perInsert = Math.floor(30_000 / columns);
      const started = process.hrtime.bigint();
      for (let i = 0; i < all.length; i += 2000) {
        await db.transaction().execute(async (trx) => {
          const chunk = all.slice(i, i + 2000);
          for (let j = 0; j < chunk.length; j += perInsert)
            await trx
              .insertInto(to)
              .values(chunk.slice(j, j + perInsert))
              .execute();
        });
      }
      seconds += Number(process.hrtime.bigint() - started) / 1e9;
    }
  }
  return { rows, seconds };
}

async function timeQueries(label, count, makeQuery) {
  const times = [];
  for (let i = 0; i < count; i++) {
    const query = makeQuery(i);
    const started = process.hrtime.bigint();
    const page = await query();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (page.items.length === 0 && label !== 'search (rare prefix)') throw new Error(`${label}: an empty page`);
  }
  times.sort((a, b) => a - b);
  return { label, p50: percentile(times, 50), p99: percentile(times, 99) };
}

async function listLatencies(db) {
  const tables = new rm.ActiveTables(db, 60_000);
  const provider = 'provider-big';
  const cursors = await pageCursors(rm, db, tables, provider);
  const resellers = (await rm.queryIndirectResellers(db, tables, provider)).filter((r) => r.sharedCustomers > 100).map((r) => r.resellerId);
  const prefixes = ['contoso', 'blue', 'fabrikam t', 'northwind labs 1', 'c-00001', 'blue-bank', 'coho works 2', 'a'];
  const random = (() => {
    let a = 7;
    return () => (a = (a * 16807) % 2147483647) / 2147483647;
  })();
  const pick = (items) => items[Math.floor(random() * items.length)];
  const q = (options) => () => rm.queryCustomerList(db, tables, provider, { limit: 50, ...options });
  const results = [];
  results.push(await timeQueries('first page', 300, () => q({})));
  results.push(await timeQueries('deep page (random cursor)', 500, () => q({ cursor: pick(cursors) })));
  results.push(await timeQueries('search (name/domain/id prefix)', 500, () => q({ search: pick(prefixes) })));
  results.push(await timeQueries('reseller filter', 500, () => q({ resellerId: pick(resellers) })));
  results.push(
    await timeQueries('reseller filter + search', 300, () =>
      q({ resellerId: pick(resellers), search: pick(['contoso', 'blue', 'fabrikam']) }),
    ),
  );
  return { pages: cursors.length + 1, resellers: resellers.length, results };
}

async function accountGet(storeUrl, database) {
  const env = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    EVENTSTORE_URL: storeUrl,
    JWT_SECRET,
    RATE_LIMIT_PER_MINUTE: '1000000000',
    PROCESS_MANAGER: 'off',
    ...(database.url
      ? {
          DATABASE_URL: database.url,
          IDEMPOTENCY_SECRET: 'bench-read-models-idempotency-secret-0123456789',
          WEBHOOK_SECRET_KEY: 'bench-read-models-webhook-secret-key-0123456789',
          DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-rm-api-')),
        }
      : { DATABASE_URL: '', DATA_DIR: database.dataDir }),
  };
  const child = spawn(process.execPath, [join(root, 'test/read-models/support/api-with-read-models.child.js')], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((done, fail) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (!line.startsWith('{"apiUrl"')) return;
      lines.removeAllListeners('line');
      child.stdout.resume();
      done(JSON.parse(line).apiUrl);
    });
    child.once('exit', (code) => fail(new Error(`API exited ${code}`)));
  });
  try {
    const tables = new rm.ActiveTables(database.db);
    const page = await rm.queryCustomerList(database.db, tables, 'provider-big', { limit: 1, search: 'c-0001' });
    const customerId = page.items[0].customerId;
    const token = devToken(JWT_SECRET, { sub: 'bench', role: 'GlobalAdmin', partner_id: 'provider-big' }, 3600);
    const path = `/v1/customers/${customerId}/account`;
    const check = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (check.status !== 200) throw new Error(`GET ${path}: ${check.status}`);
    await autocannon({ url: `${url}${path}`, connections: 8, duration: 2, headers: { authorization: `Bearer ${token}` } });
    const result = await autocannon({
      url: `${url}${path}`,
      connections: 8,
      duration: SECONDS,
      headers: { authorization: `Bearer ${token}` },
    });
    // The same app's public health route, which touches no database: what the HTTP stack alone allows here.
    const health = await autocannon({ url: `${url}/health`, connections: 8, duration: SECONDS });
    return {
      requests: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors,
      healthRequests: health.requests.average,
      healthP99: health.latency.p99,
    };
  } finally {
    await new Promise((done) => (child.once('exit', done), child.kill('SIGTERM')));
  }
}

async function main() {
  log(
    `history: ${fmt(EVENTS)} events, ${fmt(CUSTOMERS)} customers (provider-big: ${fmt(historyOptions.bigProviderCustomers)}), ` +
      `${fmt(historyOptions.directPartners + historyOptions.providers + historyOptions.resellers)} partners`,
  );
  const store = await startStore();
  const client = EventStoreDBClient.connectionString(store.url);
  const report = { events: EVENTS, customers: CUSTOMERS, runs: [] };
  try {
    let started = Date.now();
    let lastLog = 0;
    const { appended, last } = await appendHistory(client, rm.generateHistory(historyOptions), {
      inFlight: 16,
      onProgress: (n) => {
        if (Date.now() - lastLog <= 5000) return;
        lastLog = Date.now();
        log(`  appended ${fmt(n)}`);
      },
    });
    report.append = { events: appended, seconds: (Date.now() - started) / 1000 };
    log(`appended ${fmt(appended)} events in ${report.append.seconds.toFixed(1)} s`);
    const head = Number(last);

    for (const dialect of POSTGRES ? ['sqlite', 'postgres'] : ['sqlite']) {
      log(`\n[${dialect}] catch-up of all projections from an empty database`);
      const database = await openDatabase(dialect);
      try {
        const source = new rm.WorkerEventSource(store.url, client);
        const meter = cpuMeter(store.pid, appended);
        const seconds = await catchUp(database.db, source, head);
        const run = { dialect, catchUp: { seconds, rate: appended / seconds, cpu: meter(), load: loadavg()[0] } };
        log(
          `  ${seconds.toFixed(1)} s, ${fmt(run.catchUp.rate)} events/s; ${cpuLine(run.catchUp.cpu, dialect)}; load average ${run.catchUp.load.toFixed(2)}`,
        );
        const ceiling = await plainInsert(database.db, dialect);
        run.ceiling = { rows: ceiling.rows, seconds: ceiling.seconds, rate: appended / ceiling.seconds };
        log(`  plain batched insert of the same ${fmt(ceiling.rows)} rows: ${ceiling.seconds.toFixed(1)} s`);
        started = Date.now();
        const { rebuildProjection } = dist('apps/projector/src/rebuild');
        const rebuildMeter = cpuMeter(store.pid, appended);
        const rebuild = await rebuildProjection(database.db, source, rm.findProjection('customer-list'), { batchSize: 2000 });
        run.rebuildCustomerList = { seconds: rebuild.seconds, rate: rebuild.events / rebuild.seconds, cpu: rebuildMeter() };
        log(
          `  rebuild customer-list beside the serving generation: ${rebuild.seconds.toFixed(1)} s; ${cpuLine(run.rebuildCustomerList.cpu, dialect)}`,
        );
        run.list = await listLatencies(database.db);
        for (const r of run.list.results) log(`  list ${r.label}: p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms`);
        run.accountGet = await accountGet(store.url, database);
        log(
          `  account GET at 8 connections: ${fmt(run.accountGet.requests)} req/s, p50 ${run.accountGet.p50} ms, p99 ${run.accountGet.p99} ms`,
        );
        report.runs.push(run);
      } finally {
        await database.drop();
      }
    }
  } finally {
    await client.dispose();
    await store.stop();
  }
  printReport(report);
}

function printReport(report) {
  const lines = [
    `\nRead models over ${fmt(report.events)} events (${fmt(report.customers)} customers); store: the CLI (${STORE === 'memory' ? '--memory' : 'durable, on disk'}) in its own process`,
  ];
  lines.push(
    '| dialect | catch-up all projections (= full rebuild) | CPU µs/event (projector, store, postgres) | load avg | plain insert ceiling | ratio | rebuild customer-list |',
  );
  lines.push('| --- | --- | --- | --- | --- | --- | --- |');
  const us = (n) => (n === undefined ? '?' : n.toFixed(1));
  for (const r of report.runs) {
    const c = r.catchUp.cpu;
    lines.push(
      `| ${r.dialect} | ${fmt(r.catchUp.rate)} ev/s (${r.catchUp.seconds.toFixed(1)} s) | ${us(c.projectorUs)}, ${us(c.storeUs)}, ${r.dialect === 'postgres' ? us(c.postgresUs) : '-'} | ${r.catchUp.load.toFixed(2)} | ${fmt(r.ceiling.rate)} ev/s-equivalent (${fmt(r.ceiling.rows)} rows, ${r.ceiling.seconds.toFixed(1)} s) | ${(r.catchUp.rate / r.ceiling.rate).toFixed(2)} | ${r.rebuildCustomerList.seconds.toFixed(1)} s (${fmt(r.rebuildCustomerList.rate)} ev/s) |`,
    );
  }
  lines.push('\n| dialect | customer-list page (50 rows, provider-big) | p50 ms | p99 ms |');
  lines.push('| --- | --- | --- | --- |');
  for (const r of report.runs)
    for (const q of r.list.results) lines.push(`| ${r.dialect} | ${q.label} | ${q.p50.toFixed(2)} | ${q.p99.toFixed(2)} |`);
  lines.push(
    '\n| dialect | account GET, 8 connections | req/s | p50 ms | p99 ms | non-2xx | GET /health (ceiling) req/s, p99 ms | ratio |',
  );
  lines.push('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of report.runs) {
    const a = r.accountGet;
    lines.push(
      `| ${r.dialect} | ${SECONDS} s autocannon | ${fmt(a.requests)} | ${a.p50} | ${a.p99} | ${a.non2xx} | ${fmt(a.healthRequests)}, ${a.healthP99} | ${(a.requests / a.healthRequests).toFixed(2)} |`,
    );
  }
  console.log(lines.join('\n'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

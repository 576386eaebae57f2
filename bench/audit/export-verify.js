// Audit export and offline verification over the read-model benchmark's generated history, written with the hash
// chain the command path writes:
//   - the ceiling: reading `$all` through the client, in events/s;
//   - the whole log exported into a file as `npm run audit -- export --all` does it (a PlatformAuditor; GET
//     /v1/audit/export?all=true), in events/s, with the API's RSS sampled every 250 ms, and its ratio to the ceiling;
//   - the export thread's part alone, in a process of its own: the log read in pages, each event written as its line
//     into chunks, then the head lines, nothing sent (what is left between it and the export is the sending: the
//     API's event loop, the socket, the CLI and its file);
//   - verifying that file offline (`verifyExportFile`, what `npm run audit -- verify` runs), in events/s of wall time
//     and of this process's CPU time, and its ratio to the ceiling;
//   - two customers' exports (a small one, and the one with 1,000 events spread over the log), each verified: with the
//     API's data kept in BENCH_DATA_DIR by the history bench, its audit index names their streams.
// The store (the compiled CLI, durable) and the API (PROJECTOR=off: nothing else reads the log meanwhile) run in
// their own processes.
//   BENCH_EVENTS    events in the generated history (default 200,000)
//   BENCH_ROUNDS    measured rounds of read and export, after one warm-up of each (default 3)
//   BENCH_DATA_DIR  a directory to keep the generated store (and the API's data) in, reused by the next run
'use strict';
const { rmSync, mkdtempSync, statSync } = require('node:fs');
const { execFile } = require('node:child_process');
const { cpus, loadavg, tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { devToken, processCpu, rssMiB } = require('../support');
const { HEAVY, openHistoryStore } = require('./audit-history');
const { readAllRate } = require('./ceiling');
const { startApi } = require('./servers');

const root = resolve(__dirname, '../..');
const dist = (path) => require(join(root, 'dist', path));
const { publicKeyFromPem } = dist('libs/audit/src/signing-key');
const { verifyExportFile } = dist('libs/audit/src/verify-export-file');
const { EventStoreDBClient } = require('@eventstore/db-client');
const { exportToFile } = dist('apps/audit/src/export-command');
const { ExportEnd, logHead, takenEventPages } = dist('libs/audit/src/index');
const { CHUNK, EventChunks, headChunks } = dist('apps/api/src/audit-export/event-chunks');
const { LineChunks } = dist('apps/api/src/audit-export/line-chunks');

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const JWT_SECRET = 'bench-audit-export-secret-0123456789abcdef0123456789';

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const seconds = (started) => Number(process.hrtime.bigint() - started) / 1e9;

/** CPU seconds (user and system) of the store, the API and this process since the meter started. */
function cpuMeter(store, api) {
  const cpuOf = (pid) => {
    const cpu = processCpu(pid);
    return cpu ? (cpu.user + cpu.system) / 1e6 : 0;
  };
  const own = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  };
  const start = { store: cpuOf(store.pid), api: cpuOf(api.pid), own: own() };
  return () => {
    const used = { store: cpuOf(store.pid) - start.store, api: cpuOf(api.pid) - start.api, own: own() - start.own };
    return { ...used, total: used.store + used.api + used.own };
  };
}

/** Runs `measure` with the CPU it costs every process, in events per CPU second. */
async function withCpu(store, api, measure) {
  const meter = cpuMeter(store, api);
  const result = await measure();
  const cpu = meter();
  return { ...result, cpu, cpuRate: result.events / cpu.total };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * The export into `file` as `npm run audit -- export` writes it (its progress line on stderr), sampling the API's RSS
 * meanwhile; the rate counts the event lines written.
 */
async function exportRate(api, selection, file) {
  const token = devToken(JWT_SECRET, { sub: 'bench', role: 'PlatformAuditor' }, 7200);
  const samples = [];
  const sample = () => samples.push(rssMiB(api.pid));
  sample();
  const timer = setInterval(sample, 250);
  const started = process.hrtime.bigint();
  let events;
  try {
    events = await exportToFile({ url: api.url, token, selection, out: file });
  } finally {
    clearInterval(timer);
  }
  sample();
  return { events, seconds: seconds(started), rate: events / seconds(started), rss: samples, bytes: statSync(file).size };
}

/**
 * What the export thread does for a whole-log export (`export-thread.ts`), without posting the chunks anywhere. Run in
 * a child process (this script with `--export-thread-alone <store url>`): in this one its garbage and compiled code
 * would change the ceiling's read that follows. Each run starts cold, which only a small log's figure shows.
 */
function linesRate(storeUrl) {
  return new Promise((done, fail) =>
    execFile(process.execPath, [__filename, '--export-thread-alone', storeUrl], (error, stdout) =>
      error ? fail(error) : done(JSON.parse(stdout)),
    ),
  );
}

async function writeLinesAlone(client) {
  const started = process.hrtime.bigint();
  const end = new ExportEnd();
  const chunks = new LineChunks(CHUNK);
  const lines = new EventChunks(undefined, end, chunks);
  try {
    for await (const _page of takenEventPages(client, await logHead(client), (event) => lines.add(event)));
    for (const _chunk of headChunks(end, chunks));
  } finally {
    end.close();
  }
  return { events: end.events, seconds: seconds(started), rate: end.events / seconds(started) };
}

async function verifyRate(file, publicKey) {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const verdict = await verifyExportFile(file, publicKey);
  const { user, system } = process.cpuUsage(cpu);
  if (!verdict.intact) throw new Error(`the export does not verify: line ${verdict.line}: ${verdict.finding}: ${verdict.detail}`);
  return {
    events: verdict.events,
    seconds: seconds(started),
    rate: verdict.events / seconds(started),
    cpuRate: verdict.events / ((user + system) / 1e6),
  };
}

async function main() {
  const load = loadavg();
  const { store, client, close, apiDataDir } = await openHistoryStore(EVENTS);
  const dir = mkdtempSync(join(tmpdir(), 'bench-audit-export-'));
  let api;
  try {
    api = await startApi(store.url, JWT_SECRET, { PROJECTOR: 'off' }, apiDataDir);
    const publicKey = publicKeyFromPem(await (await fetch(`${api.url}/.well-known/audit-public-key.pem`)).text());
    const file = join(dir, 'all.ndjson');

    // Warm-up of both paths (the store's caches, the API's JIT), then each measured three times, interleaved, so that
    // a change in the machine's load meanwhile falls on both; medians are compared. CPU seconds (store, API and this
    // process together) give a second ratio that load on the machine does not change.
    await readAllRate(client);
    await exportRate(api, { all: true }, file);
    await linesRate(store.url);
    const reads = [];
    const exports = [];
    const written = [];
    for (let round = 0; round < ROUNDS; round++) {
      reads.push(await withCpu(store, api, () => readAllRate(client)));
      exports.push(await withCpu(store, api, () => exportRate(api, { all: true }, file)));
      written.push(await linesRate(store.url));
    }
    const verified = await verifyRate(file, publicKey);
    const readBefore = reads[0];
    const exported = exports[Math.floor(exports.length / 2)];
    const ceiling = median(reads.map((r) => r.rate));
    const exportRateMedian = median(exports.map((r) => r.rate));
    const writtenRate = median(written.map((r) => r.rate));
    const readCpuRate = median(reads.map((r) => r.cpuRate));
    const exportCpuRate = median(exports.map((r) => r.cpuRate));
    for (const [what, runs] of [
      ['exported', exports],
      ['the export thread alone wrote', written],
    ]) {
      const short = runs.find((r) => r.events !== readBefore.events);
      if (short) throw new Error(`${what} ${short.events} of ${readBefore.events} events`);
    }

    const customers = [];
    for (const id of ['c-0000001', HEAVY]) {
      const file = join(dir, `${id}.ndjson`);
      const started = process.hrtime.bigint();
      const customer = await exportRate(api, { customer: id }, file);
      customers.push({ id, ...customer, seconds: seconds(started), verified: await verifyRate(file, publicKey) });
    }

    const rss = exported.rss;
    const quarter = (q) => rss[Math.min(rss.length - 1, Math.floor((q * (rss.length - 1)) / 4))].toFixed(0);
    const lines = [
      `\nload average before and after: ${load.map((n) => n.toFixed(1)).join(', ')} / ${loadavg()
        .map((n) => n.toFixed(1))
        .join(', ')} (${cpus().length} cores)`,
      `Audit export and verification over ${fmt(readBefore.events)} events (${(exported.bytes / 2 ** 20).toFixed(0)} MiB of NDJSON)`,
      '| measurement | events | seconds | events/s | / $all read |',
      '| --- | --- | --- | --- | --- |',
      `| $all read through the client (the ceiling), ${ROUNDS} runs | ${fmt(readBefore.events)} | ${reads.map((r) => r.seconds.toFixed(2)).join(', ')} | ${fmt(ceiling)} | 1.00 |`,
      `| the whole log exported into a file (the CLI's export), ${ROUNDS} runs | ${fmt(exported.events)} | ${exports.map((r) => r.seconds.toFixed(2)).join(', ')} | ${fmt(exportRateMedian)} | ${(exportRateMedian / ceiling).toFixed(2)} |`,
      `| the export thread's part alone (lines and heads written, nothing sent), ${ROUNDS} runs | ${fmt(written[0].events)} | ${written.map((r) => r.seconds.toFixed(2)).join(', ')} | ${fmt(writtenRate)} | ${(writtenRate / ceiling).toFixed(2)} |`,
      `| verify the file offline | ${fmt(verified.events)} | ${verified.seconds.toFixed(2)} | ${fmt(verified.rate)} (per CPU second: ${fmt(verified.cpuRate)}) | ${(verified.rate / ceiling).toFixed(2)} |`,
      ...customers.map(
        (c) => `| customer ${c.id} exported (the CLI's export), verified intact | ${fmt(c.events)} | ${c.seconds.toFixed(2)} | | |`,
      ),
      '',
      `events per CPU second of store, API and client together (median): $all read ${fmt(readCpuRate)}, export ${fmt(exportCpuRate)} ` +
        `(ratio ${(exportCpuRate / readCpuRate).toFixed(2)}); export CPU split: store ${exported.cpu.store.toFixed(1)} s, API ${exported.cpu.api.toFixed(1)} s, client ${exported.cpu.own.toFixed(1)} s`,
      `API RSS during the whole-log export (MiB, ${rss.length} samples every 250 ms): start ${quarter(0)}, 25% ${quarter(1)}, 50% ${quarter(2)}, ` +
        `75% ${quarter(3)}, end ${quarter(4)}; min ${Math.min(...rss).toFixed(0)}, max ${Math.max(...rss).toFixed(0)}`,
      'targets (issue 13): export ≥ 0.7 of the $all read, verify ≥ 100,000 events/s, RSS flat during the export',
    ];
    console.log(lines.join('\n'));
  } finally {
    await api?.stop();
    await close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const failed = (error) => {
  console.error(error);
  process.exit(1);
};

if (process.argv[2] === '--export-thread-alone') {
  const client = EventStoreDBClient.connectionString(process.argv[3]);
  writeLinesAlone(client)
    .then((result) => (console.log(JSON.stringify(result)), client.dispose()))
    .catch(failed);
} else main().catch(failed);

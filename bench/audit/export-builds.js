// The whole-log export of two builds of the API side by side, on one store (the audit history, as export-verify.js):
// per round, the `$all` read through the client (the ceiling), then GET /v1/audit/export?all=true from each build,
// the builds' order alternating by round so that the machine's load falls on both. Prints, per build, the export's
// rate and its ratio to the ceiling read in the same round, and the API's CPU per exported event: the whole process,
// its main thread (the HTTP event loop) and its busiest threads; then the ratios B ÷ A. The bodies of both builds must be
// the same bytes but for the manifest's `createdAt` (checked: a digest of every line before the manifest line, and the
// manifest's count, streams and heads digest). The API's RSS is sampled every 250 ms during each export.
//   node bench/audit/export-builds.js <checkout A> <checkout B> [rounds, default 3]
//   BENCH_EVENTS     events in the generated history (default 200,000)
//   BENCH_DATA_DIR   where the generated store is kept and reused (see audit-history.js)
//   BENCH_WARMUP=0   no warm-up round (a million events take minutes per export)
//   BENCH_NODE_ARGS  extra node options for both APIs (e.g. --perf-basic-prof)
//   BENCH_PROFILE=1  also write each API's CPU profiles (--cpu-prof, every thread) under /tmp/bench-export-<A|B>
'use strict';
const { createHash } = require('node:crypto');
const { loadavg } = require('node:os');
const { join, resolve } = require('node:path');
const { devToken, processCpu, rssMiB, threadCpu } = require('../support');
const { openHistoryStore } = require('./audit-history');
const { readAllRate } = require('./ceiling');
const { startApi } = require('./servers');

const root = resolve(__dirname, '../..');
const { EventLineCount } = require(join(root, 'dist/apps/audit/src/export-command'));

const [a, b, rounds = '3'] = process.argv.slice(2);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const JWT_SECRET = 'bench-audit-export-secret-0123456789abcdef0123456789';
const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const seconds = (started) => Number(process.hrtime.bigint() - started) / 1e9;
const median = (values) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];

/** The body's digest up to its last line (the manifest, whose createdAt differs), and that line. */
class BodyDigest {
  hash = createHash('sha256');
  tail = Buffer.alloc(0);

  add(chunk) {
    const joined = Buffer.concat([this.tail, chunk]);
    // Keeps the last two lines' bytes back: the manifest line is the body's last.
    const cut = joined.lastIndexOf(0x0a, joined.length - 2);
    if (cut < 0) return void (this.tail = joined);
    this.hash.update(joined.subarray(0, cut + 1));
    this.tail = joined.subarray(cut + 1);
  }

  end() {
    return { digest: this.hash.digest('hex'), manifest: JSON.parse(this.tail.toString()).manifest };
  }
}

async function exportOnce(api) {
  const token = devToken(JWT_SECRET, { sub: 'bench', role: 'PlatformAuditor' }, 7200);
  const cpu = processCpu(api.pid);
  const threads = threadCpu(api.pid);
  const rss = [rssMiB(api.pid)];
  const timer = setInterval(() => rss.push(rssMiB(api.pid)), 250);
  const started = process.hrtime.bigint();
  const response = await fetch(`${api.url}/v1/audit/export?all=true`, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200) throw new Error(`export: ${response.status} ${await response.text()}`);
  const lines = new EventLineCount();
  const body = new BodyDigest();
  for await (const chunk of response.body) {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    lines.add(bytes);
    body.add(bytes);
  }
  const wall = seconds(started);
  clearInterval(timer);
  const after = processCpu(api.pid);
  const { events } = lines;
  const busiest = Object.entries(threadCpu(api.pid))
    .map(([thread, us]) => [thread.replace(/#\d+$/, ''), (us - (threads[thread] ?? 0)) / events])
    .filter(([, us]) => us >= 0.5)
    .sort((x, y) => y[1] - x[1])
    .slice(0, 5);
  return {
    events,
    rate: events / wall,
    cpu: (after.user + after.system - cpu.user - cpu.system) / events,
    main: (after.main - cpu.main) / events,
    busiest,
    rss: { start: rss[0], max: Math.max(...rss), end: rss.at(-1) },
    ...body.end(),
  };
}

async function main() {
  if (!a || !b) throw new Error('usage: node bench/audit/export-builds.js <checkout A> <checkout B> [rounds]');
  const load = loadavg();
  const { store, client, close } = await openHistoryStore(EVENTS);
  const builds = [];
  try {
    for (const [name, checkout] of [
      ['A', a],
      ['B', b],
    ]) {
      const profile = process.env.BENCH_PROFILE === '1' ? ['--cpu-prof', `--cpu-prof-dir=/tmp/bench-export-${name}`] : [];
      const api = await startApi(store.url, JWT_SECRET, { PROJECTOR: 'off' }, undefined, [...nodeArgs, ...profile], resolve(checkout));
      builds.push({ name, checkout, api, runs: [] });
    }
    // Warm-up: the store's caches and each API's JIT (a long log warms up in its first round well enough).
    if (process.env.BENCH_WARMUP !== '0') {
      await readAllRate(client);
      for (const build of builds) await exportOnce(build.api);
    }
    const ceilings = [];
    for (let round = 0; round < Number(rounds); round++) {
      const ceiling = (await readAllRate(client)).rate;
      ceilings.push(ceiling);
      for (const build of round % 2 === 0 ? builds : [...builds].reverse()) {
        const run = await exportOnce(build.api);
        build.runs.push({ ...run, ofCeiling: run.rate / ceiling });
        console.log(
          `round ${round + 1} ${build.name}: ${fmt(run.events)} events, ${fmt(run.rate)} ev/s (${(run.rate / ceiling).toFixed(2)} of $all ${fmt(ceiling)}), ` +
            `API CPU ${run.cpu.toFixed(1)} µs/event (main thread ${run.main.toFixed(1)}), RSS MiB ${[run.rss.start, run.rss.max, run.rss.end].map((m) => m.toFixed(0)).join('/')} (start/max/end); ${run.busiest.map(([t, us]) => `${t} ${us.toFixed(1)}`).join(', ')}`,
        );
      }
    }
    const [x, y] = builds.map((build) => ({
      rate: median(build.runs.map((r) => r.rate)),
      ofCeiling: median(build.runs.map((r) => r.ofCeiling)),
      cpu: median(build.runs.map((r) => r.cpu)),
      main: median(build.runs.map((r) => r.main)),
    }));
    console.log(
      `\nload average before and after: ${load.map((n) => n.toFixed(1)).join(', ')} / ${loadavg()
        .map((n) => n.toFixed(1))
        .join(', ')}`,
    );
    builds.forEach((build, i) => {
      const m = [x, y][i];
      console.log(
        `${build.name} ${build.checkout}: median ${fmt(m.rate)} ev/s, ${m.ofCeiling.toFixed(2)} of the $all read (median ${fmt(median(ceilings))} ev/s), ` +
          `API CPU ${m.cpu.toFixed(1)} µs/event, main thread ${m.main.toFixed(1)} µs/event`,
      );
    });
    console.log(
      `B ÷ A: export rate ${(y.rate / x.rate).toFixed(2)}, of-ceiling ${(y.ofCeiling / x.ofCeiling).toFixed(2)}, API CPU per event ` +
        `${(y.cpu / x.cpu).toFixed(2)}, main thread ${(y.main / x.main).toFixed(2)}`,
    );
    const shapes = builds.flatMap((build) =>
      build.runs.map((r) => JSON.stringify([r.events, r.digest, r.manifest.count, r.manifest.streams, r.manifest.headsDigest])),
    );
    if (new Set(shapes).size !== 1) throw new Error(`the bodies differ: ${[...new Set(shapes)].join(' / ')}`);
    console.log('bodies: the same bytes in every run of both builds (but for the manifest line)');
  } finally {
    for (const build of builds) await build.api.stop();
    await close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

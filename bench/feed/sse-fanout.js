// Live-feed fan-out while commands run at a fixed rate: the API (`npm start` as it runs, against a separately started
// embedded store so this process can subscribe to the same log) takes AddCustomer and ChangeLicenseCount for
// BENCH_PARTNERS partners at BENCH_COMMAND_RATE commands/s (paced-commands.js), twice in the same run: first with no
// feed client (the baseline), then with BENCH_CLIENTS clients of `GET /v1/events/stream` spread over the partners, all
// resuming from the same position. In the same run a catch-up subscription of the official client to `$all` (the
// store's own delivery, the ceiling) receives the same events. Prints events/s delivered, the delay from append (the
// CloudEvent's `time`, the store's commit time) to receipt p50/p99/max for both and their ratio, whether every client
// got exactly its partner's events over all its connections (each resumes with Last-Event-ID whenever the API drops
// it, as a real client must), how often and from how far behind they resumed, the API's extra CPU per delivered event
// (the API's CPU with the clients less its CPU for the same commands without them, over the frames delivered), and
// the API's RSS (and its anonymous part) sampled every second. Run after `npm run build`:
//   node bench/feed/sse-fanout.js
//   BENCH_SECONDS (default 20), BENCH_COMMAND_RATE (commands/s, default 100), BENCH_WARMUP_SECONDS (commands before
//   the baseline, not counted; default 5), BENCH_CLIENTS (default 200),
//   BENCH_PARTNERS (default 10), BENCH_CONNECTIONS (commands in flight at most, default 32),
//   BENCH_BASELINE_SECONDS (the runs without feed clients, half before and half after the one with them; default
//   BENCH_SECONDS: shorter for a long memory run; the extra CPU is counted per command, so the lengths need not match); BENCH_CPU_PROFILE=dir starts the API with
//   --cpu-prof into that directory; the API's own FEED_* variables pass through to it (FEED_RECENT_EVENTS, to compare
//   memories).
'use strict';
const { request } = require('node:http');
const { readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { BACKWARDS, END, EventStoreDBClient, excludeSystemEvents } = require('@eventstore/db-client');
const { processCpu } = require('../support');
const { pacedCommands } = require('./paced-commands');
const { startApi, startStore } = require('../audit/servers');
const { SECRET, benchPartner } = require('../api/workloads');

const root = resolve(__dirname, '../..');
const { partnersConcernedBy } = require(join(root, 'dist/libs/domain/src/audit/concerns.js'));
const { readConfig } = require(join(root, 'dist/libs/config/src/env-reader.js'));
const { readFeedConfig } = require(join(root, 'dist/apps/api/src/event-feed/feed-config.js'));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const BASELINE_SECONDS = Number(process.env.BENCH_BASELINE_SECONDS ?? SECONDS);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 200);
const PARTNERS = Number(process.env.BENCH_PARTNERS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const COMMAND_RATE = Number(process.env.BENCH_COMMAND_RATE ?? 100);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
/** How long the clients may go without receiving anything after the load before the run stops waiting for them. */
const CATCH_UP_PATIENCE_S = 15;
/** The API's FEED_RECENT_EVENTS as it reads it from the same environment. */
const RECENT_EVENTS = readConfig('bench', process.env, readFeedConfig).recentEvents;
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
/** The process's resident memory and the anonymous part of it (its heaps, not its mapped code), in MB. */
const memoryMb = (pid) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)[1]);
  return { rss: kb('VmRSS') / 1024, anon: kb('RssAnon') / 1024 };
};
/** The process's user and system CPU µs since `since` (a previous reading), and their sum. */
const cpuUs = (pid, since = { user: 0, system: 0 }) => {
  const cpu = processCpu(pid) ?? { user: NaN, system: NaN };
  const user = cpu.user - since.user;
  const system = cpu.system - since.system;
  return { user, system, total: user + system };
};

function summary(delays) {
  const sorted = Float64Array.from(delays).sort();
  const at = (p) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]);
  return { p50: at(50), p99: at(99), max: sorted.length ? sorted[sorted.length - 1] : NaN };
}

/** Whether the positions a client received over all its connections are exactly the expected ones, and if not how. */
function compare(received, expected) {
  const wanted = new Set(expected);
  const seen = new Set();
  let duplicates = 0;
  let foreign = 0;
  for (const id of received) {
    if (seen.has(id)) duplicates++;
    else if (!wanted.has(id)) foreign++;
    seen.add(id);
  }
  const missing = expected.filter((id) => !seen.has(id)).length;
  const exact = received.length === expected.length && received.every((id, i) => id === expected[i]);
  return { exact, duplicates, missing, foreign, outOfOrder: !exact && duplicates + missing + foreign === 0 };
}

function describe(checks) {
  const sum = (key) => checks.reduce((total, check) => total + Number(check[key]), 0);
  return `${sum('missing')} events missing, ${sum('duplicates')} duplicated, ${sum('foreign')} not theirs, ${sum('outOfOrder')} clients out of order`;
}

/** The index of the first event after `position` in events sorted by position. */
function firstAfter(events, position) {
  let low = 0;
  let high = events.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (events[middle].position <= position) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * One feed client, as a real one must be: whenever the API ends or drops its stream (a cut-off for falling behind, or
 * any disconnect) it reconnects at once with `Last-Event-ID` = the last `id:` it received, so what it gets over all
 * its connections must be exactly its partner's events. It counts frames and records each one's delay from its
 * append, parsing no more than it must, and for every resume how many events of the log it was behind then.
 */
function openClient(base, partner, from, behind) {
  const client = { partner: partner.id, lastId: from, ids: [], delays: [], times: [], resumes: [], refused: 0, closed: false };
  let req;
  const connect = () =>
    new Promise((done, fail) => {
      req = request(
        `${base}/v1/events/stream`,
        // The token alone of the partner's headers: autocannon adds the commands' content-length to them, and a GET that
        // announces a body it never sends is a request the server is still receiving when its REQUEST_TIMEOUT_MS ends.
        { headers: { authorization: partner.headers.authorization, accept: 'text/event-stream', 'last-event-id': client.lastId } },
        (res) => {
          if (res.statusCode !== 200) {
            res.resume();
            return fail(Object.assign(new Error(`stream: ${res.statusCode}`), { status: res.statusCode }));
          }
          res.setEncoding('utf8');
          let pending = '';
          res.on('data', (chunk) => {
            const now = Date.now();
            pending += chunk;
            let end;
            while ((end = pending.indexOf('\n\n')) >= 0) {
              const frame = pending.slice(0, end);
              pending = pending.slice(end + 2);
              if (!frame.startsWith('id: ')) continue;
              const time = frame.indexOf('"time":"');
              client.lastId = frame.slice(4, frame.indexOf('\n'));
              client.ids.push(client.lastId);
              client.delays.push(now - Date.parse(frame.slice(time + 8, frame.indexOf('"', time + 8))));
              client.times.push(now);
            }
          });
          // A frame cut in two by the disconnect was never received: the resume asks for it again.
          res.on('error', () => undefined);
          res.once('close', () => {
            if (!client.closed) void resume();
          });
          done();
        },
      );
      req.on('error', (error) => fail(error));
      req.end();
    });
  const resume = async () => {
    client.resumes.push({ at: Date.now(), behind: behind(BigInt(client.lastId)) });
    while (!client.closed) {
      try {
        return await connect();
      } catch (error) {
        // Refused for now (429: the API has not released the dropped stream yet) or not connected: retry shortly, as
        // an EventSource does; any other answer is a failure the run reports.
        if (error.status !== undefined && error.status !== 429) return void (client.failed = error.message);
        client.refused++;
        await sleep(200);
      }
    }
  };
  client.close = () => {
    client.closed = true;
    req?.destroy();
  };
  return connect().then(() => client);
}

/** The store's own catch-up subscription to `$all`, live: each event's partners, and when and how late it arrived. */
function subscribeLive(client) {
  const received = [];
  const subscription = client.subscribeToAll({ fromPosition: END, filter: excludeSystemEvents() });
  subscription.on('data', ({ event }) => {
    if (!event) return;
    const now = Date.now();
    received.push({
      position: event.position.commit,
      partners: partnersConcernedBy(event.type, event.data),
      at: now,
      delay: now - event.created.getTime(),
    });
  });
  return { received, close: () => subscription.unsubscribe() };
}

async function head(client) {
  let position = 0n;
  for await (const { event } of client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }))
    position = event?.position.commit ?? position;
  return position;
}

/** The commands at the run's fixed rate for `seconds`. */
const commands = (base, partners, seconds = SECONDS) =>
  pacedCommands(base, partners, { rate: COMMAND_RATE, seconds, connections: CONNECTIONS });

async function quiet(store) {
  let seen = -1;
  while (store.received.length !== seen) {
    seen = store.received.length;
    await sleep(1_500);
  }
}

async function main() {
  // The audit benchmarks' processes: a durable store, and the API on it with no rate limit (inline projector, and the
  // process manager here too, as `npm start` runs them).
  const store = await startStore();
  const profile = process.env.BENCH_CPU_PROFILE;
  // A store whose API failed to start is stopped too, not left running.
  const api = await startApi(
    store.url,
    SECRET,
    {
      PROCESS_MANAGER: 'on',
      READ_YOUR_WRITES_TIMEOUT_MS: '5000',
      FEED_MAX_CONNECTIONS: String(CLIENTS),
      FEED_MAX_CONNECTIONS_PER_PARTNER: String(CLIENTS),
    },
    undefined,
    profile ? ['--cpu-prof', `--cpu-prof-dir=${resolve(profile)}`] : [],
  ).catch(async (error) => {
    await store.stop();
    throw error;
  });
  const base = api.url;
  const connection = store.url;
  const client = EventStoreDBClient.connectionString(connection);
  const clients = [];
  try {
    const partners = [];
    for (let i = 0; i < PARTNERS; i++) {
      const partner = await benchPartner(base);
      partner.id = JSON.parse(Buffer.from(partner.headers.authorization.split('.')[1], 'base64url')).partner_id;
      partners.push(partner);
    }
    const live = subscribeLive(client);

    // Warm-up (the API's code compiled for these commands), then half the baseline: the same commands with nobody on
    // the feed (the hub is not even subscribed), the CPU counted until the log is quiet and a second more, as for the
    // run with the feed. The other half comes after that run, so that what a command costs as the data grows (or as
    // the machine's load moves) weighs on both sides alike.
    const baselineHalf = async () => {
      const cpu = cpuUs(api.pid);
      const sent = await commands(base, partners, BASELINE_SECONDS / 2);
      await quiet(live);
      await sleep(1_000);
      return { ...sent, cpu: cpuUs(api.pid, cpu) };
    };
    await commands(base, partners, WARMUP_SECONDS);
    await quiet(live);
    const baselineBefore = await baselineHalf();

    const from = await head(client);
    const behind = (position) => live.received.length - firstAfter(live.received, position);
    for (let i = 0; i < CLIENTS; i++) clients.push(await openClient(base, partners[i % PARTNERS], String(from), behind));
    await sleep(1_000);
    const rss = [];
    const sampler = setInterval(() => rss.push(memoryMb(api.pid)), 1_000);
    const cpu = cpuUs(api.pid);
    const startedAt = Date.now();
    const loaded = await commands(base, partners);
    const loadEnded = Date.now();
    await quiet(live);

    // What each client should have: every event after `from` that concerns its partner, in log order. Clients still
    // behind (reading what they missed from the store) get the time to reach the end while they make progress.
    const events = live.received.filter((e) => e.position > from);
    const expected = new Map(partners.map((p) => [p.id, events.filter((e) => e.partners.includes(p.id)).map((e) => String(e.position))]));
    const caughtUp = (c) => c.lastId === (expected.get(c.partner).at(-1) ?? String(from));
    for (let frames = -1, still = 0; still < CATCH_UP_PATIENCE_S && !clients.every(caughtUp);) {
      await sleep(1_000);
      const now = clients.reduce((sum, c) => sum + c.ids.length, 0);
      still = now === frames ? still + 1 : 0;
      frames = now;
    }
    const caughtUpAt = Date.now();
    await sleep(1_000);
    const loadedCpu = cpuUs(api.pid, cpu);
    clearInterval(sampler);
    for (const c of clients) c.close();
    // The hub stays subscribed for 30 s after its last client left (IDLE_MS in feed-hub.ts): the second half of the
    // baseline starts once it has let go.
    await sleep(35_000);
    const baselineAfter = await baselineHalf();
    const baseline = Object.fromEntries(['sent', 'failed', 'skipped'].map((key) => [key, baselineBefore[key] + baselineAfter[key]]));
    const baselineCpu = Object.fromEntries(
      ['user', 'system', 'total'].map((key) => [key, baselineBefore.cpu[key] + baselineAfter.cpu[key]]),
    );
    const checks = clients.map((c) => compare(c.ids, expected.get(c.partner)));
    const exact = checks.filter((check) => check.exact).length;
    const frames = clients.reduce((sum, c) => sum + c.ids.length, 0);
    const seconds = (loadEnded - startedAt) / 1000;
    const inWindow = (times) => times.filter((t) => t >= startedAt && t <= loadEnded).length;
    const feedRate = clients.reduce((sum, c) => sum + inWindow(c.times), 0) / seconds;
    const concerned = events.filter((e) => e.partners.some((id) => expected.has(id)));
    const storeRate = inWindow(concerned.map((e) => e.at)) / seconds;
    // Each event of a partner goes to each of its clients: the store's rate times the clients per partner is the
    // rate the feed would reach if it delivered as fast as the store does.
    const perPartner = CLIENTS / PARTNERS;
    const f = summary(clients.flatMap((c) => c.delays));
    const s = summary(concerned.map((e) => e.delay));
    // The baseline's CPU per command times the commands of the run with the feed: what those commands cost without it.
    const extra = (key) => loadedCpu[key] - (baselineCpu[key] / baseline.sent) * loaded.sent;
    const extraCpu = extra('total');
    const resumes = clients.flatMap((c) => c.resumes);
    const lag = summary(resumes.map((r) => r.behind));
    const failed = clients.filter((c) => c.failed);
    console.log(
      `live feed: ${CLIENTS} clients over ${PARTNERS} partners, ${SECONDS} s of commands at ${COMMAND_RATE}/s (${CONNECTIONS} in flight at most): baseline ${baseline.sent} commands in ${BASELINE_SECONDS} s, half before and half after (the feed's clients gone), (${baseline.failed} failed, ${baseline.skipped} ticks skipped), with the feed ${loaded.sent} (${loaded.failed} failed, ${loaded.skipped} skipped)`,
    );
    console.log(
      `  feed deliveries         ${frames} in all, ${feedRate.toFixed(0)}/s during the load; delay from append p50 ${f.p50} ms, p99 ${f.p99} ms, max ${f.max} ms; the last client caught up ${((caughtUpAt - loadEnded) / 1000).toFixed(0)} s after the load`,
    );
    console.log(
      `  store catch-up (live)   ${concerned.length} events of those partners, ${storeRate.toFixed(0)}/s during the load (×${perPartner} clients each = ${(storeRate * perPartner).toFixed(0)}/s); delay p50 ${s.p50} ms, p99 ${s.p99} ms, max ${s.max} ms`,
    );
    console.log(
      `  ratio feed/store        rate ${(feedRate / (storeRate * perPartner)).toFixed(2)}, p99 delay ${(f.p99 / s.p99).toFixed(1)}×`,
    );
    console.log(
      `  exactness               clients with exactly their partner's events, in order, over all their connections: ${exact} of ${CLIENTS}${exact < CLIENTS ? ` (${describe(checks)})` : ''}${failed.length ? `; ${failed.length} gave up: ${failed[0].failed}` : ''}`,
    );
    console.log(
      `  resumes                 ${resumes.length} by ${clients.filter((c) => c.resumes.length > 0).length} clients (${clients.reduce((sum, c) => sum + c.refused, 0)} reconnections refused and retried); behind by p50 ${lag.p50}, p99 ${lag.p99}, max ${lag.max} events of the log when resuming, ${resumes.filter((r) => r.behind > RECENT_EVENTS).length} of them further than the API's ${RECENT_EVENTS} recent events (read back from the store)`,
    );
    console.log(
      `  API CPU                 ${(baselineCpu.total / 1e6).toFixed(2)} s for the baseline (${(baselineCpu.total / baseline.sent).toFixed(0)} µs per command), ${(loadedCpu.total / 1e6).toFixed(2)} s with the feed: ${(extraCpu / 1e6).toFixed(2)} s extra, ${(extraCpu / frames).toFixed(1)} µs per delivered event (user ${(extra('user') / frames).toFixed(1)}, system ${(extra('system') / frames).toFixed(1)})${extraCpu < 0 ? ' (below what the run-to-run noise of the commands resolves)' : ''}`,
    );
    const third = Math.max(1, Math.floor(rss.length / 3));
    // The hub's memory fills over its first FEED_RECENT_EVENTS events and stays full: RSS grows until then.
    const full = events[RECENT_EVENTS - 1];
    const peak = (samples, key) => Math.max(...samples.map((m) => m[key])).toFixed(0);
    console.log(
      `  API RSS (anonymous)     start ${rss[0]?.rss.toFixed(0)} (${rss[0]?.anon.toFixed(0)}) MB, first third peak ${peak(rss.slice(0, third), 'rss')} (${peak(rss.slice(0, third), 'anon')}) MB, last third peak ${peak(rss.slice(-third), 'rss')} (${peak(rss.slice(-third), 'anon')}) MB, end ${rss.at(-1)?.rss.toFixed(0)} (${rss.at(-1)?.anon.toFixed(0)}) MB; the hub's ${RECENT_EVENTS} recent events ${full ? `full ${((full.at - startedAt) / 1000).toFixed(0)} s into the load` : 'never full'}`,
    );
    live.close();
  } finally {
    for (const c of clients) c.close();
    await client.dispose().catch(() => undefined);
    await api.stop();
    await store.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

// GET of one customer account (the read model) at 8 connections with autocannon, against the ceilings of
// the same machine, each server in its own process:
//   - a bare Fastify GET answering a small JSON,
//   - a Nest + Fastify no-op GET,
//   - the API's own public `GET /health`,
//   - `GET /v1/customers/{id}/account` as a partner with an active relationship (inline projector).
// Besides req/s and latency, each row reports the server process's CPU time per request (user + system,
// from /proc), which other load on the machine distorts much less than throughput.
//   BENCH_SECONDS     duration of each run (default 5)
//   BENCH_API_ARGS    extra node arguments for the API process (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`)
//   BENCH_ONLY        comma-separated subset of: fastify,nest,health,account
//   BENCH_POSTGRES_URL  read models on PostgreSQL (a fresh database on this server, dropped after) instead of SQLite
'use strict';
const { randomUUID } = require('node:crypto');
const { mkdtempSync, rmSync } = require('node:fs');
const { loadavg, tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const autocannon = require('autocannon');
const { devToken, freePort, processCpu, scratchPostgresDatabase, startProcess, stopProcess } = require('../support');

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ONLY = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',') : ['fastify', 'nest', 'health', 'account'];
const root = resolve(__dirname, '../..');
const SECRET = 'bench-account-get-secret-0123456789abcdef0123456789';
const CONNECTIONS = 8;

// Child modes: the two ceilings, started as `node account-get.js --serve fastify|nest`.
if (process.argv[2] === '--serve') {
  serve(process.argv[3]).catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

async function serve(kind) {
  const port = Number(process.env.PORT);
  if (kind === 'fastify') {
    const app = require('fastify')({ logger: false });
    app.get('/noop', async () => ({ ok: true }));
    await app.listen({ port, host: '127.0.0.1' });
  } else {
    require('reflect-metadata');
    const { Controller, Get, Module } = require('@nestjs/common');
    const { NestFactory } = require('@nestjs/core');
    const { FastifyAdapter } = require('@nestjs/platform-fastify');
    class NoopController {
      handle() {
        return { ok: true };
      }
    }
    Get()(NoopController.prototype, 'handle', Object.getOwnPropertyDescriptor(NoopController.prototype, 'handle'));
    Controller('noop')(NoopController);
    class NoopModule {}
    Module({ controllers: [NoopController] })(NoopModule);
    const app = await NestFactory.create(NoopModule, new FastifyAdapter(), { logger: false });
    await app.listen({ port, host: '127.0.0.1' });
    process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
  }
  process.stdout.write(`listening on ${port}\n`);
}

const token = (claims) => devToken(SECRET, claims);

async function call(base, method, path, auth, body, headers = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${auth}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return { headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

async function load(name, pid, url, headers = {}) {
  await autocannon({ url, connections: CONNECTIONS, duration: 1, headers }); // warm-up
  const cpuBefore = processCpu(pid);
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  const cpuAfter = processCpu(pid);
  const total = result['2xx'] + result.non2xx;
  return {
    name,
    perSecond: result['2xx'] / (result.duration || SECONDS),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors + result.timeouts,
    userPerRequest: (cpuAfter.user - cpuBefore.user) / total,
    systemPerRequest: (cpuAfter.system - cpuBefore.system) / total,
    mainPerRequest: (cpuAfter.main - cpuBefore.main) / total,
    load: loadavg()[0],
  };
}

async function withServer(args, env, ready, run) {
  const child = await startProcess(args, env, ready);
  try {
    return await run(child);
  } finally {
    await stopProcess(child);
  }
}

async function accountRows(rows) {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-account-get-'));
  const port = await freePort();
  const postgres = process.env.BENCH_POSTGRES_URL
    ? await scratchPostgresDatabase(process.env.BENCH_POSTGRES_URL, 'bench_account')
    : undefined;
  const env = {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    JWT_SECRET: SECRET,
    PROJECTOR: 'inline',
    PROCESS_MANAGER: 'off',
    RATE_LIMIT_PER_MINUTE: '1000000000',
    DATABASE_URL: postgres ? postgres.url : '',
    IDEMPOTENCY_SECRET: 'bench-account-get-idempotency-secret-0123456789',
    WEBHOOK_SECRET_KEY: 'bench-account-get-webhook-secret-key-0123456789',
  };
  const args = [...(process.env.BENCH_API_ARGS ? process.env.BENCH_API_ARGS.split(' ') : []), join(root, 'dist/apps/api/src/main.js')];
  try {
    await withServer(args, env, /API listening on/, async (api) => {
      const base = `http://127.0.0.1:${port}`;
      // A realistic account: a direct partner's customer with three subscriptions, and a second partner's relationship.
      const partner = `bench-${randomUUID().slice(0, 8)}`;
      const auth = token({ sub: 'bench-admin', role: 'GlobalAdmin', partner_id: partner });
      await call(base, 'POST', '/v1/partner', auth, { kind: 'direct', name: 'Bench Partner', mpnId: '1234567', country: 'US' });
      const added = await call(base, 'POST', '/v1/customers', auth, {
        companyName: 'Contoso Pharmaceuticals Ltd',
        primaryDomain: `contoso-${partner}.example`,
        address: { line1: '1 Main St', city: 'Seattle', state: 'WA', postalCode: '98101', country: 'US' },
        primaryContact: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@contoso.example', phone: '+1 206 555 0100' },
        agreement: { accepted: true, signerName: 'Ada Lovelace', signerEmail: 'ada@contoso.example', signedAt: '2026-01-15' },
        subscriptions: [
          { offerId: 'exchange-online-plan-1', licenseCount: 25 },
          { offerId: 'exchange-online-plan-1', licenseCount: 5 },
          { offerId: 'exchange-online-plan-1', licenseCount: 120 },
        ],
      });
      const path = `/v1/customers/${added.body.customerId}/account`;
      const headers = { authorization: `Bearer ${auth}` };
      await call(base, 'GET', path, auth, undefined, { 'x-min-position': added.headers.get('x-log-position') });
      if (ONLY.includes('health')) rows.push(await load('API GET /health (public)', api.pid, `${base}/health`));
      if (ONLY.includes('account'))
        rows.push(
          await load(`API GET /v1/customers/{id}/account (${postgres ? 'PostgreSQL' : 'SQLite'})`, api.pid, `${base}${path}`, headers),
        );
    });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await postgres?.drop();
  }
}

async function main() {
  const rows = [];
  const self = join(__dirname, 'account-get.js');
  for (const kind of ['fastify', 'nest']) {
    if (!ONLY.includes(kind)) continue;
    const port = await freePort();
    const name = kind === 'fastify' ? 'bare Fastify GET (small JSON)' : 'Nest + Fastify no-op GET';
    rows.push(
      await withServer([self, '--serve', kind], { PORT: String(port) }, /listening on/, (child) =>
        load(name, child.pid, `http://127.0.0.1:${port}/noop`),
      ),
    );
  }
  if (ONLY.includes('health') || ONLY.includes('account')) await accountRows(rows);
  console.log(`GET at ${CONNECTIONS} connections, ${SECONDS} s per run (after 1 s warm-up); server CPU from /proc (10 ms ticks)`);
  console.log(
    '| server | req/s | p50 ms | p99 ms | errors | server CPU µs/req (user + system) | of it the main thread | load avg (1 min) |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${Math.round(r.perSecond)} | ${r.p50} | ${r.p99} | ${r.errors} | ${(r.userPerRequest + r.systemPerRequest).toFixed(1)} (${r.userPerRequest.toFixed(1)} + ${r.systemPerRequest.toFixed(1)}) | ${r.mainPerRequest.toFixed(1)} | ${r.load.toFixed(2)} |`,
    );
  }
}

// What 20 connections sending maximally nested JSON bodies cost the API (issue 17, finding 2): another partner's
// GET latency (p50, p95) before and during the flood, the API process's CPU during it, and how the flood was answered.
// The bodies are `{"x":[[[…]]]}` just under the 64 KiB body limit, sent to POST /v1/customers by a verified partner.
//   BENCH_SECONDS   duration of each phase (default 10)
//   BENCH_API_ARGS  extra node arguments for the API process
'use strict';
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const autocannon = require('autocannon');
const { devToken, freePort, processCpu, startProcess, stopProcess } = require('../support');

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ATTACKERS = 20;
const SECRET = 'bench-nested-bodies-secret-0123456789abcdef0123456789';
const root = resolve(__dirname, '../..');
// 2 bytes a level, under the 64 KiB limit with room for the key.
const DEPTH = 32_000;
const NESTED = `{"x":${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}}`;

const token = (partnerId) => devToken(SECRET, { sub: `${partnerId}-admin`, role: 'GlobalAdmin', partner_id: partnerId });

/** Sequential GETs by the other partner for `seconds`; their latencies in ms. */
async function victim(url, auth, seconds) {
  const latencies = [];
  for (const end = Date.now() + seconds * 1000; Date.now() < end;) {
    const started = process.hrtime.bigint();
    const response = await fetch(url, { headers: { authorization: `Bearer ${auth}` } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`the victim's GET answered ${response.status}`);
    latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return latencies.sort((a, b) => a - b);
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-nested-'));
  const port = await freePort();
  const env = {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    JWT_SECRET: SECRET,
    PROJECTOR: 'off',
    PROCESS_MANAGER: 'off',
    RATE_LIMIT_PER_MINUTE: '1000000000',
  };
  const args = [...(process.env.BENCH_API_ARGS ? process.env.BENCH_API_ARGS.split(' ') : []), join(root, 'dist/apps/api/src/main.js')];
  const api = await startProcess(args, env, /API listening on/);
  try {
    const base = `http://127.0.0.1:${port}`;
    const victimAuth = token('bench-victim');
    const attackerAuth = token('bench-attacker');
    // Both enrolled, so the flood reaches everything a partner's command goes through.
    for (const auth of [victimAuth, attackerAuth]) {
      const enrolled = await fetch(`${base}/v1/partner`, {
        method: 'POST',
        headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'direct', name: 'Bench partner', mpnId: '1234567', country: 'US' }),
      });
      if (enrolled.status !== 201) throw new Error(`enrolment answered ${enrolled.status}`);
    }
    const victimUrl = `${base}/v1/partner`;
    await victim(victimUrl, victimAuth, 2); // warm-up
    const before = await victim(victimUrl, victimAuth, SECONDS);

    const cpuBefore = processCpu(api.pid);
    const flood = autocannon({
      url: `${base}/v1/customers`,
      method: 'POST',
      connections: ATTACKERS,
      duration: SECONDS,
      headers: { authorization: `Bearer ${attackerAuth}`, 'content-type': 'application/json' },
      body: NESTED,
    });
    const during = await victim(victimUrl, victimAuth, SECONDS);
    const attack = await flood;
    const cpuAfter = processCpu(api.pid);
    const cpuSeconds = (cpuAfter.user + cpuAfter.system - cpuBefore.user - cpuBefore.system) / 1e6;

    console.log(`${ATTACKERS} connections sending ${NESTED.length} bytes nested ${DEPTH} deep to POST /v1/customers for ${SECONDS} s`);
    console.log(`| phase | victim GETs | p50 ms | p95 ms |`);
    console.log(`| --- | ---: | ---: | ---: |`);
    console.log(`| before | ${before.length} | ${percentile(before, 50).toFixed(1)} | ${percentile(before, 95).toFixed(1)} |`);
    console.log(`| during | ${during.length} | ${percentile(during, 50).toFixed(1)} | ${percentile(during, 95).toFixed(1)} |`);
    const total = attack['1xx'] + attack['2xx'] + attack['3xx'] + attack['4xx'] + attack['5xx'];
    console.log(
      `flood: ${total} requests answered (4xx ${attack['4xx']}, 5xx ${attack['5xx']}, errors ${attack.errors}, timeouts ${attack.timeouts}); ` +
        `API CPU ${cpuSeconds.toFixed(1)} s over ${SECONDS} s (${((cpuSeconds / SECONDS) * 100).toFixed(0)}% of a core), ` +
        `${((cpuSeconds * 1e6) / Math.max(1, total)).toFixed(0)} µs per flood request`,
    );
  } finally {
    await stopProcess(api);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

// The customer's acceptance in a headless browser (Debian's Chromium): from opening the link the API returned to the
// confirmation page, with the development sign-in, median of BENCH_RUNS; and the weight of each page (HTML + CSS,
// there is no script) as the browser received it.
//   BENCH_RUNS      acceptances (default 10)
//   CHROMIUM_PATH   the browser (default /usr/bin/chromium)
'use strict';
const { randomUUID } = require('node:crypto');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { chromium } = require('playwright-core');
const { devToken, freePort, startProcess, stopProcess } = require('../support');

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const SECRET = 'bench-pages-secret-0123456789abcdef0123456789';

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-pages-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const api = await startProcess(
    [resolve(__dirname, '../../dist/apps/api/src/main.js')],
    { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, JWT_SECRET: SECRET },
    /API listening on/,
  );
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const partnerId = `bench-${randomUUID().slice(0, 8)}`;
    const headers = {
      authorization: `Bearer ${devToken(SECRET, { sub: 'bench', role: 'GlobalAdmin', partner_id: partnerId })}`,
      'content-type': 'application/json',
    };
    const post = async (path, body) => (await fetch(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(body) })).json();
    await post('/v1/partner', { kind: 'direct', name: 'Bench Partner', mpnId: '1234567', country: 'US' });
    const times = [];
    const weights = [];
    for (let run = 0; run <= RUNS; run++) {
      const { link } = await post('/v1/relationship-requests', { includeAdminPermissions: true, services: ['exchange'] });
      const context = await browser.newContext();
      const page = await context.newPage();
      const bytes = [];
      page.on('response', async (response) => {
        const body = await response.body().catch(() => Buffer.alloc(0));
        const path = new URL(response.url()).pathname.replace(/[0-9a-f-]{36}/, '{id}');
        bytes.push(
          `${response.request().method()} ${path} ${response.status()} ${response.headers()['content-type'] ?? ''}: ${body.length} bytes`,
        );
      });
      const customerId = `c-${randomUUID().slice(0, 8)}`;
      const started = performance.now();
      await page.goto(link);
      await page.getByRole('link', { name: 'Sign in to accept' }).click();
      await page.getByLabel('Your organisation (customer ID)').fill(customerId);
      await page.getByLabel('Your user name').fill('admin');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByLabel('Company name').fill('Bench Ltd');
      await page.getByLabel('Primary domain (for example contoso.com)').fill(`${customerId}.example`);
      await page.getByRole('button', { name: 'Accept' }).click();
      await page.getByRole('heading', { name: 'Invitation accepted' }).waitFor();
      const elapsed = performance.now() - started;
      // The first run warms the browser and the API up; it is not counted.
      if (run > 0) times.push(elapsed);
      if (run === 1) weights.push(...bytes);
      await context.close();
    }
    times.sort((a, b) => a - b);
    console.log(
      `link opened → confirmation page, development sign-in, ${RUNS} runs: median ${times[Math.floor((times.length - 1) / 2)].toFixed(0)} ms (min ${times[0].toFixed(0)}, max ${times.at(-1).toFixed(0)})`,
    );
    console.log('every response of one acceptance (body bytes as received; there is no script):');
    for (const line of weights) console.log(`  ${line}`);
  } finally {
    await browser.close();
    await stopProcess(api);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { describeBrowser, launchBrowser, screenshots } from '../support/browser';
import { startApiHarness, type ApiHarness } from './support/api-harness';
import { enrol, eventually, expectStatus, uid } from './support/fixtures';

const freePort = () =>
  new Promise<number>((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });

/** Starts the local OpenID Connect provider (test/support/oidc-provider.mjs) and resolves once it listens. */
function startProvider(port: number, redirectUri: string): Promise<ChildProcess> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      [resolve(__dirname, '../support/oidc-provider.mjs'), String(port), 'csp-portal', 'portal-client-secret', redirectUri],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk;
      if (output.includes('OIDC provider listening')) done(child);
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
    child.once('exit', (code) => fail(new Error(`OIDC provider exited with ${code}: ${output}`)));
  });
}

describeBrowser('signing in to the customer pages with OpenID Connect', () => {
  let api: ApiHarness;
  let provider: ChildProcess;
  let browser: Browser;

  beforeAll(async () => {
    const [apiPort, providerPort] = [await freePort(), await freePort()];
    provider = await startProvider(providerPort, `http://127.0.0.1:${apiPort}/portal/callback`);
    api = await startApiHarness({
      PORT: String(apiPort),
      PROJECTOR: 'inline',
      OIDC_ISSUER: `http://127.0.0.1:${providerPort}`,
      OIDC_CLIENT_ID: 'csp-portal',
      OIDC_CLIENT_SECRET: 'portal-client-secret',
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    provider?.kill();
  });

  it("signs the customer's Global admin in at the provider (code flow with PKCE), who then accepts", async () => {
    const partner = await enrol(api, 'direct');
    const { link } = expectStatus(
      await api.call('POST', '/v1/relationship-requests', { token: partner.token, body: { includeAdminPermissions: false } }),
      201,
    ).body;
    const customerId = uid('cust');
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(link);
    await page.getByRole('link', { name: 'Sign in to accept' }).click();
    await page.getByRole('link', { name: 'Sign in with your organisation account' }).click();
    // The provider's own (development) login and consent screens.
    await page.locator('input[name=login]').fill(`${customerId}:GlobalAdmin`);
    await page.locator('input[name=password]').fill('any');
    await page.locator('button[type=submit]').click();
    await page.locator('button[type=submit]').click();
    await page.getByLabel('Company name').waitFor();
    expect(page.url()).toBe(link);
    expect(await page.textContent('header')).toContain(`Signed in as ${customerId}:GlobalAdmin (${customerId})`);
    await page.getByLabel('Company name').fill('Northwind');
    await page.getByLabel('Primary domain (for example contoso.com)').fill(`${customerId}.example`);
    await page.getByRole('button', { name: 'Accept' }).click();
    await page.getByRole('heading', { name: 'Invitation accepted' }).waitFor();
    await screenshots(page, 'accepted-oidc');
    await eventually(
      () => api.call('GET', '/v1/customers', { token: partner.token }),
      (r) => r.status === 200 && r.body.items.some((c: { customerId: string }) => c.customerId === customerId),
    );
    await context.close();
  });

  it('refuses a callback that does not belong to a sign-in this deployment started', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${api.url}/portal/callback?code=forged&state=forged`);
    expect(response!.status()).toBe(403);
    await context.close();
  });
});

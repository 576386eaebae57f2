import { createHash, randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RelationshipRequested } from '@app/domain';
import { axeViolations, describeBrowser, launchBrowser, screenshots, serious } from '../support/browser';
import { startApiHarness, type ApiHarness } from './support/api-harness';
import { appendHistory, stream } from './support/api-spec';
import { enrol, eventually, expectStatus, uid } from './support/fixtures';

describeBrowser("the customer's pages in a real browser", () => {
  let api: ApiHarness;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const a11y: Record<string, string[]> = {};

  beforeAll(async () => {
    api = await startApiHarness({ PROJECTOR: 'inline' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });
  beforeEach(async () => {
    context = await browser.newContext();
    page = await context.newPage();
  });
  afterEach(async () => {
    await context?.close();
  });

  /** An invitation from a freshly enrolled direct partner, as the API returns it. */
  async function invitation(body: Record<string, unknown> = { includeAdminPermissions: true, services: ['exchange', 'teams'] }) {
    const partner = await enrol(api, 'direct');
    const requested = expectStatus(await api.call('POST', '/v1/relationship-requests', { token: partner.token, body }), 201);
    return { partner, link: requested.body.link as string, invitationId: requested.body.invitationId as string };
  }

  /** Scans the page with axe-core and takes its screenshots; a serious or critical violation fails the spec. */
  async function check(name: string) {
    const violations = await axeViolations(page);
    a11y[name] = violations.map((v) => `${v.id} (${v.impact})`);
    expect(serious(violations)).toEqual([]);
    await screenshots(page, name);
  }

  async function devSignIn(customerId: string, role: 'GlobalAdmin' | 'User' = 'GlobalAdmin') {
    await page.getByLabel('Your organisation (customer ID)').fill(customerId);
    await page.getByLabel('Your user name').fill(`admin@${customerId}`);
    await page.getByLabel('Your role').selectOption(role);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  it('opens the exact link, signs in, registers the new customer, accepts, and the partner then lists the customer', async () => {
    const { partner, link } = await invitation();
    const customerId = uid('cust');
    const opened = await page.goto(link);
    expect(opened!.status()).toBe(200);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Accept a reseller relationship');
    const text = await page.textContent('main');
    expect(text).toContain(`Partner ${partner.partnerId} (MPN ID 1234567)`);
    expect(text).toContain('Exchange Online');
    expect(text).toContain('valid until');
    await check('invitation');

    await page.getByRole('link', { name: 'Sign in to accept' }).click();
    await check('sign-in');
    await devSignIn(customerId);
    await page.getByLabel('Company name').fill('Tailspin Toys');
    await page.getByLabel('Primary domain (for example contoso.com)').fill(`${customerId}.example`);
    await check('invitation-signed-in');
    await page.getByRole('button', { name: 'Accept' }).click();
    await page.getByRole('heading', { name: 'Invitation accepted' }).waitFor();
    expect(await page.textContent('main')).toContain(`Partner ${partner.partnerId} is now your partner.`);
    await check('accepted');

    const listed = await eventually(
      () => api.call('GET', '/v1/customers', { token: partner.token }),
      (r) => r.status === 200 && r.body.items.some((c: { customerId: string }) => c.customerId === customerId),
    );
    expect(listed.body.items.find((c: { customerId: string }) => c.customerId === customerId)).toMatchObject({
      companyName: 'Tailspin Toys',
      origin: 'invitation',
    });

    // Opening the link again: already accepted, and the customer's own page shows the partner and its admin permissions.
    await page.goto(link);
    await page.getByRole('heading', { name: 'This invitation was already accepted' }).waitFor();
    await page.getByRole('link', { name: 'See your partners and admin permissions' }).click();
    await eventually(
      async () => (await page.reload(), await page.textContent('main')) ?? '',
      (main) => main.includes('Microsoft Teams'),
    );
    await check('portal');
  });

  it('answers a wrong token and an unknown invitation with the same page, revealing nothing', async () => {
    const { link, invitationId } = await invitation();
    const wrong = link.replace(/token=[^&]+/, `token=${randomBytes(32).toString('base64url')}`);
    const unknown = link.replace(invitationId, uid('inv'));
    const first = await page.goto(wrong);
    const wrongBody = await page.textContent('main');
    await check('invalid-link');
    const second = await page.goto(unknown);
    expect([first!.status(), second!.status()]).toEqual([404, 404]);
    expect(await page.textContent('main')).toBe(wrongBody);
    expect(wrongBody).not.toContain(invitationId);
    const truncated = await page.goto(link.slice(0, -5));
    expect(truncated!.status()).toBe(404);
  });

  it.each([
    ['expired', 410, 'This invitation has expired', (at: Date) => new Date(at.getTime() - 1000).toISOString(), false],
    ['revoked', 410, 'This invitation was withdrawn', (at: Date) => new Date(at.getTime() + 86_400_000).toISOString(), true],
  ] as const)('an %s invitation gets its own page', async (name, status, heading, expiresAt, revoke) => {
    const partner = await enrol(api, 'direct');
    const token = randomBytes(32).toString('base64url');
    const invitationId = uid('inv');
    const now = new Date();
    const requested: RelationshipRequested = {
      type: 'RelationshipRequested',
      data: {
        invitationId,
        partnerId: partner.partnerId,
        kind: 'reseller',
        includeAdminPermissions: false,
        services: [],
        tokenHash: createHash('sha256').update(token).digest('hex'),
        expiresAt: expiresAt(now),
        emailDraft: '{{invitationLink}}',
        requestedBy: 'user-1',
        requestedAt: new Date(now.getTime() - 86_400_000).toISOString(),
      },
    };
    const revoked = {
      type: 'InvitationRevoked' as const,
      data: { invitationId, partnerId: partner.partnerId, revokedBy: 'user-1', revokedAt: now.toISOString() },
    };
    await appendHistory(api, stream(`invitation-${invitationId}`, requested, ...(revoke ? [revoked] : [])));
    const response = await page.goto(`${api.url}/invitations/${invitationId}/accept?token=${token}`);
    expect(response!.status()).toBe(status);
    await page.getByRole('heading', { name: heading }).waitFor();
    await check(`${name}-link`);
  });

  it('refuses a customer user who is not the Global admin, on the page and when posting the form', async () => {
    const { link } = await invitation();
    await page.goto(link);
    await page.getByRole('link', { name: 'Sign in to accept' }).click();
    await devSignIn(uid('cust'), 'User');
    expect(await page.getByRole('alert').textContent()).toContain('Only your organisation');
    expect(await page.getByRole('button', { name: 'Accept' }).count()).toBe(0);
    const url = new URL(link);
    const posted = await page.request.post(`${url.origin}${url.pathname}`, { form: { token: url.searchParams.get('token')!, _csrf: 'x' } });
    expect(posted.status()).toBe(403);
  });

  it('refuses an accept form without its CSRF token, and accepts nothing', async () => {
    const { partner, link } = await invitation();
    const customerId = uid('cust');
    await page.goto(link);
    await page.getByRole('link', { name: 'Sign in to accept' }).click();
    await devSignIn(customerId);
    const url = new URL(link);
    const posted = await page.request.post(`${url.origin}${url.pathname}`, {
      form: { token: url.searchParams.get('token')!, companyName: 'Forged', primaryDomain: `${customerId}.example` },
    });
    expect(posted.status()).toBe(403);
    expect(await posted.text()).toContain('Not allowed');
    expect((await api.call('GET', `/v1/customers/${customerId}`, { token: partner.token })).status).toBe(404);
  });

  it('can be accepted with the keyboard alone', async () => {
    const { link } = await invitation({ includeAdminPermissions: false });
    const customerId = uid('cust');
    await page.goto(link);
    const tabTo = async (matches: () => Promise<boolean>) => {
      for (let i = 0; i < 20 && !(await matches()); i++) await page.keyboard.press('Tab');
      expect(await matches()).toBe(true);
    };
    // These run in the page; the spec's own types have no DOM.
    const focused = () => page.evaluate(() => (globalThis as any).document.activeElement?.textContent?.trim() ?? '');
    await tabTo(async () => (await focused()) === 'Sign in to accept');
    await page.keyboard.press('Enter');
    await page.getByLabel('Your organisation (customer ID)').waitFor();
    await page.keyboard.press('Tab'); // skip link
    await tabTo(() => page.evaluate(() => (globalThis as any).document.activeElement?.id === 'customerId'));
    await page.keyboard.type(customerId);
    await page.keyboard.press('Tab');
    await page.keyboard.type('keyboard-admin');
    await page.keyboard.press('Enter');
    await page.getByLabel('Company name').waitFor();
    await tabTo(() => page.evaluate(() => (globalThis as any).document.activeElement?.id === 'companyName'));
    await page.keyboard.type('Keyboard Ltd');
    await page.keyboard.press('Tab');
    await page.keyboard.type(`${customerId}.example`);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Invitation accepted' }).waitFor();
  });

  afterAll(() => {
    console.log(`axe-core findings per page (none serious or critical): ${JSON.stringify(a11y)}`);
  });
});

import { startApiHarness, type ApiHarness } from './support/api-harness';
import { enrol, expectStatus } from './support/fixtures';

/** The link as a plain HTTP client meets it (the browser specs cover the pages themselves). */
describe('the personalised link over plain HTTP', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('the exact link the API returned answers an HTML page naming the inviting partner, never cached', async () => {
    const partner = await enrol(api, 'direct');
    const { link } = expectStatus(
      await api.call('POST', '/v1/relationship-requests', { token: partner.token, body: { includeAdminPermissions: false } }),
      201,
    ).body;
    expect(link.startsWith(`${api.url}/invitations/`)).toBe(true);
    const response = await fetch(link, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await response.text()).toContain(`Partner ${partner.partnerId} (MPN ID 1234567)`);
  });

  it('an unknown route answers a problem that does not echo its path or query string', async () => {
    const response = await api.call('GET', '/invitations/x/accept/more?token=SECRET-TOKEN-VALUE', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.text).not.toContain('SECRET-TOKEN-VALUE');
    expect(response.text).not.toContain('/invitations/x');
  });

  it('the API stays JSON-only: a form post to an API route is refused as an unsupported media type', async () => {
    const partner = await enrol(api, 'direct');
    const response = await api.call('POST', '/v1/relationship-requests', {
      token: partner.token,
      rawBody: 'includeAdminPermissions=false',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(415);
  });
});

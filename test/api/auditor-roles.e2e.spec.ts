import { startApiHarness, type ApiHarness } from './support/api-harness';
import { appendedSince } from './support/api-spec';
import { commandFamilies, type Family } from './support/command-families';
import { uid } from './support/fixtures';

/** Auditors read history, state and exports; no command route takes their token, whatever the body. */
describe('auditor roles', () => {
  let api: ApiHarness;
  let families: Family[];
  beforeAll(async () => {
    api = await startApiHarness();
    families = await commandFamilies(api);
  });
  afterAll(async () => {
    await api?.close();
  });

  it.each([
    ['an Auditor', () => api.auditorToken(uid('p'))],
    ['a PlatformAuditor', () => api.auditorToken()],
  ])('%s is refused by every command with 403 problem+json, and nothing is appended', async (_who, token) => {
    const before = await api.head();
    for (const family of families) {
      const response = await api.call(family.method, family.path, {
        token: token(),
        body: family.valid,
        headers: family.ifMatch ? { 'if-match': 'W/"0"' } : {},
      });
      expect({ family: family.name, status: response.status, type: response.headers.get('content-type') }).toEqual({
        family: family.name,
        status: 403,
        type: expect.stringMatching(/^application\/problem\+json/),
      });
    }
    // Only what users caused: the process manager's checkpoints move the head on their own.
    expect(Object.fromEntries(await appendedSince(api, before))).toEqual({});
  });

  it("an Auditor's own partner id does not make it that partner", async () => {
    const family = families.find((f) => f.name === 'request relationship')!;
    const partnerId = JSON.parse(Buffer.from(family.token.split('.')[1], 'base64url').toString()).partner_id as string;
    const response = await api.call(family.method, family.path, { token: api.auditorToken(partnerId), body: family.valid });
    expect(response.status).toBe(403);
  });

  it('a token with an auditor role and a customer id is not valid', async () => {
    const { sign } = await import('./support/api-harness');
    const token = sign({ sub: 'a', role: 'Auditor', partner_id: uid('p'), customer_id: uid('c') });
    const response = await api.call('GET', '/v1/customers', { token });
    expect(response.status).toBe(401);
  });
});

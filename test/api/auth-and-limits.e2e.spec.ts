import { generateKeyPairSync, sign as rsaSign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sign, startApiHarness, type ApiHarness } from './support/api-harness';

describe('rate limits, security headers and token checks', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness({ RATE_LIMIT_PER_MINUTE: '5', PROCESS_MANAGER: 'off' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('limits each partner separately and answers 429 as a problem', async () => {
    const a = h.partnerToken('limited-a');
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await h.call('GET', '/v1/partner', { token: a })).status);
    expect(statuses.slice(0, 5)).toEqual([404, 404, 404, 404, 404]);
    const limited = await h.call('GET', '/v1/partner', { token: a });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    expect(limited.body.code).toBe('RATE_LIMITED');
    // Another partner has its own budget.
    expect((await h.call('GET', '/v1/partner', { token: h.partnerToken('limited-b') })).status).toBe(404);
  });
});

// Tokens that do not verify count against the client address, so these checks get a budget of their own.
describe('security headers and token checks', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness({ PROCESS_MANAGER: 'off' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('sends security headers and refuses expired, foreign-issuer and wrong-audience tokens', async () => {
    const response = await h.call('GET', '/health');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    const now = Math.floor(Date.now() / 1000);
    for (const claims of [
      { sub: 'u', role: 'GlobalAdmin', partner_id: 'p-exp', exp: now - 10 },
      { sub: 'u', role: 'GlobalAdmin', partner_id: 'p-iss', iss: 'someone-else' },
      { sub: 'u', role: 'GlobalAdmin', partner_id: 'p-aud', aud: 'another-api' },
      { sub: 'u', role: 'Owner', partner_id: 'p-role' },
      { sub: 'u', role: 'GlobalAdmin', partner_id: 'p-both', customer_id: 'c' },
      { sub: 'u', role: 'GlobalAdmin', partner_id: 'bad_id' },
    ]) {
      const result = await h.call('GET', '/v1/partner', { token: sign(claims) });
      expect({ claims, status: result.status }).toEqual({ claims, status: 401 });
      expect(result.body).toMatchObject({ code: 'UNAUTHENTICATED', field: 'Authorization' });
      // Whether to fetch a new token is all the client may learn: no failed claim, no list of roles.
      expect(result.body.detail).toBe(claims.exp ? 'The bearer token has expired.' : 'The bearer token is not valid.');
    }
    expect(
      (
        await h.call('GET', '/v1/partner', {
          token: sign({ sub: 'u', role: 'GlobalAdmin', partner_id: 'p' }, 'wrong-secret-wrong-secret-wrong-secret'),
        })
      ).status,
    ).toBe(401);
  });
});

describe('tokens verified against a JWKS', () => {
  let h: ApiHarness;
  let jwks: Server;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signRs256 = (claims: Record<string, unknown>) => {
    const now = Math.floor(Date.now() / 1000);
    const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const body = `${encode({ alg: 'RS256', kid: 'k1', typ: 'JWT' })}.${encode({ iss: 'https://idp.example', aud: 'csp-api', iat: now, exp: now + 600, ...claims })}`;
    return `${body}.${rsaSign('sha256', Buffer.from(body), privateKey).toString('base64url')}`;
  };

  beforeAll(async () => {
    const key = { ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' };
    jwks = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [key] })));
    await new Promise<void>((done) => jwks.listen(0, '127.0.0.1', done));
    const { port } = jwks.address() as AddressInfo;
    h = await startApiHarness({
      JWKS_URL: `http://127.0.0.1:${port}/jwks.json`,
      JWT_ISSUER: 'https://idp.example',
      JWT_SECRET: '',
      PROCESS_MANAGER: 'off',
    });
  });
  afterAll(async () => {
    await h?.close();
    await new Promise((done) => jwks?.close(done));
  });

  it('accepts a token signed by the identity provider and refuses an HS256 one', async () => {
    const token = signRs256({ sub: 'admin', role: 'GlobalAdmin', partner_id: 'jwks-partner' });
    expect(
      (await h.call('POST', '/v1/partner', { token, body: { kind: 'direct', name: 'J', mpnId: '1234567', country: 'US' } })).status,
    ).toBe(201);
    expect((await h.call('GET', '/v1/partner', { token })).body.partnerId).toBe('jwks-partner');
    const hs = sign({ iss: 'https://idp.example', sub: 'admin', role: 'GlobalAdmin', partner_id: 'jwks-partner' });
    expect((await h.call('GET', '/v1/partner', { token: hs })).status).toBe(401);
  });
});

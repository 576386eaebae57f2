import { sign, startApiHarness, type ApiHarness } from './support/api-harness';

const forged = (claims: Record<string, unknown>) => {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ iss: 'csp-dev', aud: 'csp-api', iat: now, exp: now + 600, ...claims })}.`;
};

describe('rate limits keyed by the verified principal', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness({ RATE_LIMIT_PER_MINUTE: '5', PROCESS_MANAGER: 'off' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('forged tokens naming a partner spend their own address budget, not the partner’s', async () => {
    const victim = 'limit-victim';
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(
        (await h.call('GET', '/v1/partner', { token: forged({ sub: `x${i}`, role: 'GlobalAdmin', partner_id: victim }) })).status,
      );
      statuses.push(
        (
          await h.call('GET', '/v1/partner', {
            token: sign({ sub: `y${i}`, role: 'GlobalAdmin', partner_id: victim }, 'not-the-secret-not-the-secret-0123'),
          })
        ).status,
      );
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    // The partner's real token still has its whole budget.
    const real = h.partnerToken(victim);
    const realStatuses: number[] = [];
    for (let i = 0; i < 6; i++) realStatuses.push((await h.call('GET', '/v1/partner', { token: real })).status);
    expect(realStatuses).toEqual([404, 404, 404, 404, 404, 429]);
  });
});

describe('the development JWT secret', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness({ PROCESS_MANAGER: 'off' });
    await h.killApi();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('is refused when the API listens beyond loopback without JWT_SECRET or JWKS_URL', async () => {
    await expect(h.startApi({ HOST: '0.0.0.0', JWT_SECRET: '', JWKS_URL: '' })).rejects.toThrow(/JWT_SECRET or JWKS_URL: must be set/);
  });

  it('is accepted beyond loopback with ALLOW_DEV_JWT=1', async () => {
    const devToken = (partnerId: string) =>
      sign({ sub: 'dev', role: 'GlobalAdmin', partner_id: partnerId }, 'csp-development-secret-do-not-use-in-production-0123456789');
    await h.startApi({ HOST: '0.0.0.0', JWT_SECRET: '', ALLOW_DEV_JWT: '1' });
    expect((await h.call('GET', '/v1/partner', { token: devToken('dev-allowed') })).status).toBe(404);
    await h.killApi();
  });
});

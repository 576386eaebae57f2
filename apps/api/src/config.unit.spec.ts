import { DEVELOPMENT_JWT_SECRET, loadConfig } from './config';

describe('loadConfig: JWT verification settings', () => {
  it('uses the development secret only on a loopback host or with ALLOW_DEV_JWT=1', () => {
    for (const HOST of ['127.0.0.1', 'localhost', '::1', '127.1.2.3']) expect(loadConfig({ HOST }).jwt.secret).toBe(DEVELOPMENT_JWT_SECRET);
    for (const HOST of ['0.0.0.0', '10.0.0.5', 'api.example.com', '::']) {
      expect(() => loadConfig({ HOST })).toThrow(/JWT_SECRET or JWKS_URL must be set/);
      expect(loadConfig({ HOST, ALLOW_DEV_JWT: '1' }).jwt.secret).toBe(DEVELOPMENT_JWT_SECRET);
    }
  });

  it('starts anywhere with a real secret or a JWKS URL, and defaults to 6,000 requests per minute', () => {
    expect(loadConfig({ HOST: '0.0.0.0', JWT_SECRET: 's3cret-s3cret-s3cret' }).jwt.secret).toBe('s3cret-s3cret-s3cret');
    expect(loadConfig({ HOST: '0.0.0.0', JWKS_URL: 'https://idp.example/jwks.json' }).jwt).toMatchObject({ secret: undefined, jwksUrl: 'https://idp.example/jwks.json' });
    expect(loadConfig({}).rateLimitPerMinute).toBe(6_000);
  });
});

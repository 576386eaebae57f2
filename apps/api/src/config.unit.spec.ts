import { ConfigError } from '@app/config';
import { DEVELOPMENT_JWT_SECRET, loadConfig } from './config';

const SECRET = 'a-real-secret-of-at-least-32-bytes-0123456789';

const problemsOf = (env: Record<string, string>): readonly string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe('loadConfig (the API)', () => {
  it('has defaults that make `npm start` work on a fresh clone', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      eventStoreUrl: undefined,
      databaseUrl: undefined,
      projector: 'inline',
      publicUrl: 'http://127.0.0.1:3000',
      rateLimitPerMinute: 6_000,
      processManager: 'on',
      readYourWritesTimeoutMs: 5_000,
      jwt: { secret: DEVELOPMENT_JWT_SECRET, issuer: 'csp-dev', audience: 'csp-api' },
      portal: { devSignIn: true },
    });
    expect(config.dataDir).toMatch(/\/data$/);
  });

  it('uses the development secret only on a development setup: loopback HOST and PUBLIC_URL, outside production', () => {
    for (const HOST of ['127.0.0.1', 'localhost', '::1', '127.1.2.3']) expect(loadConfig({ HOST }).jwt.secret).toBe(DEVELOPMENT_JWT_SECRET);
    const refusals: Record<string, string>[] = [
      { HOST: '0.0.0.0' },
      { HOST: '10.0.0.5' },
      { HOST: 'api.example.com' },
      { HOST: '::' },
      { NODE_ENV: 'production' },
      { PUBLIC_URL: 'https://csp.example.com' },
      { JWT_SECRET: DEVELOPMENT_JWT_SECRET, NODE_ENV: 'production' },
    ];
    for (const env of refusals.map((e) => ({
      ...e,
      IDEMPOTENCY_SECRET: SECRET,
      WEBHOOK_SECRET_KEY: SECRET,
      AUDIT_SIGNING_KEY_FILE: '/etc/csp/audit-key.pem',
    }))) {
      expect(problemsOf(env)).toEqual([expect.stringMatching(/^JWT_SECRET or JWKS_URL: must be set: /)]);
      expect(loadConfig({ ...env, ALLOW_DEV_JWT: '1' }).jwt.secret).toBe(DEVELOPMENT_JWT_SECRET);
      expect(loadConfig({ ...env, ALLOW_DEV_JWT: '1' }).portal.devSignIn).toBe(true);
    }
    expect(loadConfig({ PUBLIC_URL: 'http://localhost:8080' }).jwt.secret).toBe(DEVELOPMENT_JWT_SECRET);
  });

  it('starts anywhere with a real secret or a JWKS URL, without the development sign-in', () => {
    const withSecret = loadConfig({
      HOST: '0.0.0.0',
      NODE_ENV: 'production',
      JWT_SECRET: SECRET,
      IDEMPOTENCY_SECRET: SECRET,
      WEBHOOK_SECRET_KEY: SECRET,
      AUDIT_SIGNING_KEY_FILE: '/etc/csp/audit-key.pem',
    });
    expect(withSecret.jwt.secret).toBe(SECRET);
    expect(withSecret.portal.devSignIn).toBe(false);
    expect(loadConfig({ HOST: '0.0.0.0', JWKS_URL: 'https://idp.example/jwks.json' }).jwt).toMatchObject({
      secret: undefined,
      jwksUrl: 'https://idp.example/jwks.json',
    });
  });

  it('signs exports with AUDIT_SIGNING_KEY_FILE, which production must name (a development key is generated elsewhere)', () => {
    expect(loadConfig({}).auditSigningKeyFile).toBeUndefined();
    expect(loadConfig({ AUDIT_SIGNING_KEY_FILE: '/etc/csp/audit-key.pem' }).auditSigningKeyFile).toBe('/etc/csp/audit-key.pem');
    const production = { NODE_ENV: 'production', JWT_SECRET: SECRET, IDEMPOTENCY_SECRET: SECRET, WEBHOOK_SECRET_KEY: SECRET };
    expect(problemsOf(production)).toEqual(['AUDIT_SIGNING_KEY_FILE: must be set with NODE_ENV=production']);
  });

  it('refuses a JWT_SECRET or SESSION_SECRET shorter than 32 bytes, without repeating it', () => {
    const problems = problemsOf({ JWT_SECRET: 's3cret', SESSION_SECRET: 'tiny' });
    expect(problems).toEqual([
      'JWT_SECRET: is 6 bytes long; at least 32 are required (for example: openssl rand -hex 32)',
      'SESSION_SECRET: is 4 bytes long; at least 32 are required (for example: openssl rand -hex 32)',
    ]);
    expect(problemsOf({ JWT_SECRET: 'x'.repeat(32) })).toEqual([]);
  });

  it('reports every problem at once, each with its variable', () => {
    const env = {
      PORT: 'eighty',
      HOST: '0.0.0.0',
      PROJECTOR: 'sometimes',
      EVENTSTORE_URL: 'http://store:2113',
      DATABASE_URL: 'mysql://root:pw@db/csp',
      READ_YOUR_WRITES_TIMEOUT_MS: '-5',
      RATE_LIMIT_PER_MINUTE: '0',
      ALLOW_DEV_JWT: 'perhaps',
      OIDC_ISSUER: 'https://idp.example',
    };
    expect(problemsOf(env).map((p) => p.slice(0, p.indexOf(': ')))).toEqual([
      'PORT',
      'ALLOW_DEV_JWT',
      'JWT_SECRET or JWKS_URL',
      'OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET',
      'IDEMPOTENCY_SECRET',
      'EVENTSTORE_URL',
      'DATABASE_URL',
      'PROJECTOR',
      'RATE_LIMIT_PER_MINUTE',
      'READ_YOUR_WRITES_TIMEOUT_MS',
      'WEBHOOK_SECRET_KEY',
    ]);
    expect(problemsOf(env).join('\n')).not.toContain(':pw@');
  });

  it('needs a shared IDEMPOTENCY_SECRET of at least 32 bytes where several instances may run, and keeps records 24 h', () => {
    expect(loadConfig({}).idempotency).toEqual({ secret: undefined, retentionMs: 86_400_000, purgeIntervalMs: 3_600_000 });
    expect(problemsOf({ DATABASE_URL: 'postgres://db/csp', WEBHOOK_SECRET_KEY: SECRET })).toEqual([
      expect.stringMatching(/^IDEMPOTENCY_SECRET: must be set/),
    ]);
    expect(problemsOf({ IDEMPOTENCY_SECRET: 'short' })).toEqual([expect.stringMatching(/^IDEMPOTENCY_SECRET: is 5 bytes long/)]);
    expect(
      loadConfig({
        DATABASE_URL: 'postgres://db/csp',
        IDEMPOTENCY_SECRET: SECRET,
        WEBHOOK_SECRET_KEY: SECRET,
        IDEMPOTENCY_RETENTION_MS: '60000',
      }).idempotency,
    ).toMatchObject({
      secret: SECRET,
      retentionMs: 60_000,
    });
  });

  it('reads READ_YOUR_WRITES_TIMEOUT_MS as a bounded integer', () => {
    expect(loadConfig({ READ_YOUR_WRITES_TIMEOUT_MS: '250' }).readYourWritesTimeoutMs).toBe(250);
    expect(problemsOf({ READ_YOUR_WRITES_TIMEOUT_MS: '5s' })).toEqual([
      'READ_YOUR_WRITES_TIMEOUT_MS: must be an integer from 1 to 300000, not "5s"',
    ]);
  });
});

describe('loadConfig: cache bounds', () => {
  it('bounds every cache by default and takes each bound from its variable, never below one entry', () => {
    expect(loadConfig({}).caches).toEqual({ aggregates: 10_000, tokens: 10_000, accountViews: 4_096, auditEvents: 100_000 });
    expect(
      loadConfig({ AGGREGATE_CACHE_SIZE: '500', TOKEN_CACHE_SIZE: '20', ACCOUNT_VIEW_CACHE_SIZE: '7', AUDIT_EVENT_CACHE_SIZE: '3' }).caches,
    ).toEqual({
      aggregates: 500,
      tokens: 20,
      accountViews: 7,
      auditEvents: 3,
    });
    expect(problemsOf({ AGGREGATE_CACHE_SIZE: '0', TOKEN_CACHE_SIZE: 'lots' }).map((p) => p.slice(0, p.indexOf(':')))).toEqual([
      'AGGREGATE_CACHE_SIZE',
      'TOKEN_CACHE_SIZE',
    ]);
  });
});

describe('loadConfig: connection limits', () => {
  it('has defaults, and takes each setting from its variable', () => {
    expect(loadConfig({})).toMatchObject({
      http: { requestTimeoutMs: 30_000, headersTimeoutMs: 10_000, keepAliveTimeoutMs: 5_000, maxConnections: 1_000 },
      maxPendingPositionWaits: 100,
    });
    const env = {
      REQUEST_TIMEOUT_MS: '2000',
      HEADERS_TIMEOUT_MS: '500',
      KEEP_ALIVE_TIMEOUT_MS: '700',
      MAX_CONNECTIONS: '20',
      MAX_PENDING_POSITION_WAITS: '5',
    };
    expect(loadConfig(env)).toMatchObject({
      http: { requestTimeoutMs: 2_000, headersTimeoutMs: 500, keepAliveTimeoutMs: 700, maxConnections: 20 },
      maxPendingPositionWaits: 5,
    });
    // A request timeout under the default header timeout shortens the header timeout with it.
    expect(loadConfig({ REQUEST_TIMEOUT_MS: '3000' }).http.headersTimeoutMs).toBe(3_000);
  });

  it('refuses values out of range, every one named at once', () => {
    expect(
      problemsOf({
        REQUEST_TIMEOUT_MS: '5000',
        HEADERS_TIMEOUT_MS: '6000',
        KEEP_ALIVE_TIMEOUT_MS: 'soon',
        MAX_CONNECTIONS: '0',
        MAX_PENDING_POSITION_WAITS: '0',
      }),
    ).toEqual([
      'HEADERS_TIMEOUT_MS: must be an integer from 100 to 5000, not "6000"',
      'KEEP_ALIVE_TIMEOUT_MS: must be an integer from 100 to 600000, not "soon"',
      'MAX_CONNECTIONS: must be an integer from 1 to 1000000, not "0"',
      'MAX_PENDING_POSITION_WAITS: must be an integer from 1 to 100000, not "0"',
    ]);
    expect(problemsOf({ REQUEST_TIMEOUT_MS: '0' })).toEqual(['REQUEST_TIMEOUT_MS: must be an integer from 100 to 600000, not "0"']);
  });
});

describe('loadConfig: the live feed and the embedded store address', () => {
  it('listens for store clients on 127.0.0.1:2113 by default, elsewhere with EVENTSTORE_HOST/PORT, on a free port when off', () => {
    expect(loadConfig({}).embeddedStore).toEqual({ host: '127.0.0.1', port: 2113 });
    expect(loadConfig({ EVENTSTORE_HOST: '0.0.0.0', EVENTSTORE_PORT: '2200' }).embeddedStore).toEqual({ host: '0.0.0.0', port: 2200 });
    expect(loadConfig({ EVENTSTORE_HOST: '0.0.0.0', EVENTSTORE_PORT: 'off' }).embeddedStore).toEqual({ host: '127.0.0.1', port: 0 });
    expect(loadConfig({ EVENTSTORE_PORT: '0' }).embeddedStore.port).toBe(0);
    expect(problemsOf({ EVENTSTORE_PORT: 'on' })).toEqual(['EVENTSTORE_PORT: must be an integer from 0 to 65535, not "on"']);
  });

  it('bounds the feed by default and takes each bound from its variable', () => {
    expect(loadConfig({}).feed).toEqual({
      heartbeatMs: 15_000,
      clientBufferBytes: 262_144,
      recentEvents: 16_384,
      maxConnections: 500,
      maxConnectionsPerPartner: 10,
    });
    expect(
      loadConfig({
        FEED_HEARTBEAT_MS: '500',
        FEED_CLIENT_BUFFER: '4096',
        FEED_RECENT_EVENTS: '10',
        FEED_MAX_CONNECTIONS: '3',
        FEED_MAX_CONNECTIONS_PER_PARTNER: '1',
      }).feed,
    ).toEqual({ heartbeatMs: 500, clientBufferBytes: 4_096, recentEvents: 10, maxConnections: 3, maxConnectionsPerPartner: 1 });
    expect(problemsOf({ FEED_CLIENT_BUFFER: '10', FEED_RECENT_EVENTS: '0' })).toEqual([
      'FEED_CLIENT_BUFFER: must be an integer from 1024 to 67108864, not "10"',
      'FEED_RECENT_EVENTS: must be an integer from 1 to 1000000, not "0"',
    ]);
  });
});

import { randomBytes } from 'node:crypto';
import { readConfig, readStorageConfig, type Env, type EnvReader, type StorageConfig } from '@app/config';
import { defaultClaimGraceMs } from '@app/domain';
import { MIN_SECRET_BYTES, readVerifyingJwt, type JwtConfig } from './jwt-config';
import { readWebhookConfig, type WebhookConfig } from './webhooks/webhook-config';
import { readFeedConfig, type FeedConfig } from './event-feed/feed-config';
import { LOG_LEVELS, type LogLevel } from '@app/logging';

export { eventStoreDataDir } from '@app/config';
export { DEVELOPMENT_JWT_SECRET } from './jwt-config';

/** The API's settings (`apps/projector` and each CLI read their own). */
export interface AppConfig extends StorageConfig {
  port: number;
  host: string;
  projector: 'inline' | 'off';
  jwt: JwtConfig;
  publicUrl: string;
  /** Requests per minute per partner (or per client address before authentication). */
  rateLimitPerMinute: number;
  bodyLimitBytes: number;
  /** Connection limits: slow or idle clients are cut off, and the number of open connections is bounded. */
  http: { requestTimeoutMs: number; headersTimeoutMs: number; keepAliveTimeoutMs: number; maxConnections: number };
  /** Queries waiting for a read model to reach their X-Min-Position at once; beyond it a 503 answers at once. */
  maxPendingPositionWaits: number;
  /** The least severe log level written (LOG_LEVEL). */
  logLevel: LogLevel;
  /** Request handlers running at once; past it 503 `OVERLOADED` at once, so an overload cannot grow memory. */
  maxInFlightRequests: number;
  processManager: 'on' | 'off';
  /** How often the process manager persists its checkpoint (a replay after a crash is harmless). */
  processManagerCheckpointMs: number;
  /** After this long, a pending Idempotency-Key of an instance that died is taken over by a repeat. */
  idempotencyLeaseMs: number;
  idempotency: {
    /** IDEMPOTENCY_SECRET; unset: generated into DATA_DIR (one instance only). */
    secret?: string;
    /** How long a key's record is kept (and a repeat answered from it). */
    retentionMs: number;
    /** How often each instance deletes records past their retention. */
    purgeIntervalMs: number;
  };
  /** A primary-domain claim whose customer stream still does not exist after this long may be taken over. */
  domainClaimGraceMs: number;
  /** How long a query with X-Min-Position waits for the read model before answering 503. */
  readYourWritesTimeoutMs: number;
  /** How often the process manager looks for invitations past their expiry to record `InvitationExpired`. */
  invitationExpirySweepMs: number;
  /**
   * Entries each in-memory cache keeps at most (least recently used dropped first): what bounds the API's memory
   * under any load, beside the V8 heap limit (README, "Memory").
   */
  caches: { aggregates: number; tokens: number; accountViews: number; auditEvents: number };
  /** Webhook registrations, the outbox and its delivery (`apps/api/src/webhooks`). */
  webhooks: WebhookConfig;
  /** The live feed, `GET /v1/events/stream` (`apps/api/src/event-feed`). */
  feed: FeedConfig;
  /**
   * Where the embedded store (no EVENTSTORE_URL) listens for gRPC clients besides the API: EVENTSTORE_HOST and
   * EVENTSTORE_PORT; port 0 (or `off`) is a free port of the moment, known to the API only.
   */
  embeddedStore: { host: string; port: number };
  /** AUDIT_SIGNING_KEY_FILE: the Ed25519 key (PEM, PKCS#8) export manifests are signed with; unset: a development key in DATA_DIR. */
  auditSigningKeyFile?: string;
  /** The customer's pages (the invitation link's page and the customer's own page). */
  portal: {
    /** The development sign-in form: on loopback (outside production), or where ALLOW_DEV_JWT=1 says so. */
    devSignIn: boolean;
    /** OpenID Connect sign-in (authorization code with PKCE) for the pages; unset: no production sign-in. */
    oidc?: { issuer: string; clientId: string; clientSecret: string };
    /** Signs the pages' session cookie (a key is derived from it for that one purpose). */
    sessionSecret: string;
  };
}

/** The one place that reads the API's environment (docs/ARCHITECTURE.md, "Configuration"); every problem at once. */
export function loadConfig(env: Env = process.env): AppConfig {
  return readConfig('api', env, (read) => {
    const port = read.integer('PORT', 3000, 0, 65535);
    const host = read.string('HOST', '127.0.0.1');
    const publicUrl = (read.url('PUBLIC_URL', ['http:', 'https:']) ?? listeningUrl(host, port)).replace(/\/+$/, '');
    // A committed secret and a form that trusts what it is told are for a person's own machine only: not in
    // production, not behind a proxy that publishes the API under another name (PUBLIC_URL).
    const developmentSetup =
      read.bool('ALLOW_DEV_JWT', false) ||
      (isLoopback(host) && URL.canParse(publicUrl) && isLoopback(new URL(publicUrl).hostname) && read.string('NODE_ENV') !== 'production');
    const jwt = readVerifyingJwt(read, developmentSetup);
    const oidc = readOidc(read);
    const requestTimeoutMs = read.integer('REQUEST_TIMEOUT_MS', 30_000, 100, 600_000);
    // Node refuses a header timeout longer than the request timeout, which covers the headers too.
    const headersTimeoutMs = read.integer('HEADERS_TIMEOUT_MS', Math.min(10_000, requestTimeoutMs), 100, requestTimeoutMs);
    const sessionSecret = read.secret('SESSION_SECRET', MIN_SECRET_BYTES) ?? jwt.secret;
    const idempotencySecret = read.secret('IDEMPOTENCY_SECRET', MIN_SECRET_BYTES);
    // Several instances share the records, so they must share the secret that finds and seals them.
    if (!idempotencySecret && (read.string('DATABASE_URL') || read.string('NODE_ENV') === 'production'))
      read.problem('IDEMPOTENCY_SECRET', `must be set (at least ${MIN_SECRET_BYTES} bytes) with DATABASE_URL or NODE_ENV=production`);
    const auditSigningKeyFile = read.string('AUDIT_SIGNING_KEY_FILE');
    // A key generated on the server proves nothing to an auditor outside it: production names the key it signs with.
    if (!auditSigningKeyFile && read.string('NODE_ENV') === 'production')
      read.problem('AUDIT_SIGNING_KEY_FILE', 'must be set with NODE_ENV=production');
    if (!sessionSecret && oidc) read.problem('SESSION_SECRET', 'must be set for OIDC sign-in when the API verifies tokens with JWKS_URL');
    return {
      ...readStorageConfig(read),
      port,
      host,
      projector: read.oneOf('PROJECTOR', ['inline', 'off'], 'inline'),
      jwt,
      publicUrl,
      rateLimitPerMinute: read.integer('RATE_LIMIT_PER_MINUTE', 6_000, 1, Number.MAX_SAFE_INTEGER),
      bodyLimitBytes: 64 * 1024,
      http: {
        requestTimeoutMs,
        headersTimeoutMs,
        keepAliveTimeoutMs: read.integer('KEEP_ALIVE_TIMEOUT_MS', 5_000, 100, 600_000),
        maxConnections: read.integer('MAX_CONNECTIONS', 1_000, 1, 1_000_000),
      },
      maxPendingPositionWaits: read.integer('MAX_PENDING_POSITION_WAITS', 100, 1, 100_000),
      logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
      maxInFlightRequests: read.integer('MAX_IN_FLIGHT_REQUESTS', 1_000, 1, 1_000_000),
      processManager: read.oneOf('PROCESS_MANAGER', ['on', 'off'], 'on'),
      processManagerCheckpointMs: read.integer('PROCESS_MANAGER_CHECKPOINT_MS', 1_000, 1, 86_400_000),
      idempotencyLeaseMs: read.integer('IDEMPOTENCY_LEASE_MS', 30_000, 100, 3_600_000),
      idempotency: {
        secret: idempotencySecret,
        retentionMs: read.integer('IDEMPOTENCY_RETENTION_MS', 86_400_000, 1_000, 30 * 86_400_000),
        purgeIntervalMs: read.integer('IDEMPOTENCY_PURGE_INTERVAL_MS', 3_600_000, 100, 86_400_000),
      },
      domainClaimGraceMs: read.integer('DOMAIN_CLAIM_GRACE_MS', defaultClaimGraceMs, 0, 86_400_000),
      readYourWritesTimeoutMs: read.integer('READ_YOUR_WRITES_TIMEOUT_MS', 5_000, 1, 300_000),
      invitationExpirySweepMs: read.integer('INVITATION_EXPIRY_SWEEP_MS', 60_000, 100, 86_400_000),
      auditSigningKeyFile,
      caches: {
        aggregates: read.integer('AGGREGATE_CACHE_SIZE', 10_000, 1, 10_000_000),
        tokens: read.integer('TOKEN_CACHE_SIZE', 10_000, 1, 10_000_000),
        accountViews: read.integer('ACCOUNT_VIEW_CACHE_SIZE', 4_096, 1, 10_000_000),
        auditEvents: read.integer('AUDIT_EVENT_CACHE_SIZE', 100_000, 1, 100_000_000),
      },
      webhooks: readWebhookConfig(read, MIN_SECRET_BYTES),
      feed: readFeedConfig(read),
      embeddedStore: readEmbeddedStore(read),
      portal: {
        devSignIn: developmentSetup,
        ...(oidc ? { oidc } : {}),
        // Without any configured secret no one can sign in, so a per-process key loses nothing.
        sessionSecret: sessionSecret ?? randomBytes(32).toString('base64url'),
      },
    };
  });
}

/** EVENTSTORE_HOST (default loopback) and EVENTSTORE_PORT (default 2113, EventStoreDB's own; `off` or 0: a free one). */
function readEmbeddedStore(read: EnvReader): AppConfig['embeddedStore'] {
  // Off: nobody but the API connects, so a free loopback port of the moment.
  if (read.string('EVENTSTORE_PORT') === 'off') return { host: '127.0.0.1', port: 0 };
  return { host: read.string('EVENTSTORE_HOST', '127.0.0.1'), port: read.integer('EVENTSTORE_PORT', 2113, 0, 65535) };
}

/** OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET, all three or none. */
function readOidc(read: EnvReader): AppConfig['portal']['oidc'] {
  const issuer = read.url('OIDC_ISSUER', ['https:', 'http:']);
  const clientId = read.string('OIDC_CLIENT_ID');
  const clientSecret = read.string('OIDC_CLIENT_SECRET');
  const given = [read.string('OIDC_ISSUER'), clientId, clientSecret].filter((v) => v !== undefined).length;
  if (given > 0 && given < 3) read.problem('OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET', 'are set together or not at all');
  return issuer && clientId && clientSecret ? { issuer, clientId, clientSecret } : undefined;
}

/** The URL of an address the API listens on (an IPv6 address in brackets). */
export function listeningUrl(host: string, port: number): string {
  return `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

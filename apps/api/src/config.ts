import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { defaultClaimGraceMs } from '@app/domain';

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  /** Unset: the embedded event store is started in-process on `DATA_DIR/eventstore`. */
  eventStoreUrl?: string;
  databaseUrl?: string;
  projector: 'inline' | 'off';
  jwt: { secret?: string; jwksUrl?: string; issuer: string; audience: string };
  publicUrl: string;
  /** Requests per minute per partner (or per client address before authentication). */
  rateLimitPerMinute: number;
  bodyLimitBytes: number;
  processManager: 'on' | 'off';
  /** How often the process manager persists its checkpoint (a replay after a crash is harmless). */
  processManagerCheckpointMs: number;
  /** After this long, a pending Idempotency-Key of an instance that died is taken over by a repeat. */
  idempotencyLeaseMs: number;
  /** A primary-domain claim whose customer stream still does not exist after this long may be taken over. */
  domainClaimGraceMs: number;
  /** How often the process manager looks for invitations past their expiry to record `InvitationExpired`. */
  invitationExpirySweepMs: number;
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

/**
 * The development secret signs tokens from `npm run token`. It is committed, so it is only used when the API
 * listens on loopback or ALLOW_DEV_JWT=1 says so; anywhere else JWT_SECRET or JWKS_URL must be set.
 */
export const DEVELOPMENT_JWT_SECRET = 'csp-development-secret-do-not-use-in-production-0123456789';

/** The one place that reads the environment (docs/ARCHITECTURE.md, "Configuration"). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = integer(env.PORT, 3000, 'PORT', 0, 65535);
  const host = env.HOST || '127.0.0.1';
  const projector = env.PROJECTOR ?? 'inline';
  if (projector !== 'inline' && projector !== 'off') throw new Error(`PROJECTOR must be "inline" or "off", not "${projector}"`);
  if (!env.JWT_SECRET && !env.JWKS_URL && !isLoopback(host) && env.ALLOW_DEV_JWT !== '1') {
    throw new Error(`JWT_SECRET or JWKS_URL must be set when HOST (${host}) is not a loopback address (ALLOW_DEV_JWT=1 accepts the development secret)`);
  }
  const processManager = env.PROCESS_MANAGER ?? 'on';
  if (processManager !== 'on' && processManager !== 'off') throw new Error(`PROCESS_MANAGER must be "on" or "off", not "${processManager}"`);
  const oidcSettings = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET];
  if (oidcSettings.some(Boolean) && !oidcSettings.every(Boolean)) throw new Error('OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are set together or not at all');
  const jwtSecret = env.JWKS_URL ? env.JWT_SECRET || undefined : env.JWT_SECRET || DEVELOPMENT_JWT_SECRET;
  const sessionSecret = env.SESSION_SECRET || jwtSecret;
  const publicUrl = (env.PUBLIC_URL || listeningUrl(host, port)).replace(/\/+$/, '');
  if (!sessionSecret && env.OIDC_ISSUER) throw new Error('SESSION_SECRET must be set for OIDC sign-in when the API verifies tokens with JWKS_URL');
  return {
    port,
    host,
    dataDir: resolve(env.DATA_DIR || './data'),
    eventStoreUrl: env.EVENTSTORE_URL || undefined,
    databaseUrl: env.DATABASE_URL || undefined,
    projector,
    jwt: {
      secret: jwtSecret,
      jwksUrl: env.JWKS_URL || undefined,
      issuer: env.JWT_ISSUER || 'csp-dev',
      audience: env.JWT_AUDIENCE || 'csp-api',
    },
    publicUrl,
    rateLimitPerMinute: integer(env.RATE_LIMIT_PER_MINUTE, 6_000, 'RATE_LIMIT_PER_MINUTE', 1, Number.MAX_SAFE_INTEGER),
    bodyLimitBytes: 64 * 1024,
    processManager,
    processManagerCheckpointMs: integer(env.PROCESS_MANAGER_CHECKPOINT_MS, 1_000, 'PROCESS_MANAGER_CHECKPOINT_MS', 1, 86_400_000),
    idempotencyLeaseMs: integer(env.IDEMPOTENCY_LEASE_MS, 30_000, 'IDEMPOTENCY_LEASE_MS', 100, 3_600_000),
    domainClaimGraceMs: integer(env.DOMAIN_CLAIM_GRACE_MS, defaultClaimGraceMs, 'DOMAIN_CLAIM_GRACE_MS', 0, 86_400_000),
    invitationExpirySweepMs: integer(env.INVITATION_EXPIRY_SWEEP_MS, 60_000, 'INVITATION_EXPIRY_SWEEP_MS', 100, 86_400_000),
    portal: {
      devSignIn: env.ALLOW_DEV_JWT === '1' || (isLoopback(host) && isLoopback(new URL(publicUrl).hostname) && env.NODE_ENV !== 'production'),
      ...(env.OIDC_ISSUER ? { oidc: { issuer: env.OIDC_ISSUER, clientId: env.OIDC_CLIENT_ID!, clientSecret: env.OIDC_CLIENT_SECRET! } } : {}),
      // Without any configured secret no one can sign in, so a per-process key loses nothing.
      sessionSecret: sessionSecret ?? randomBytes(32).toString('base64url'),
    },
  };
}

export function eventStoreDataDir(config: AppConfig): string {
  return join(config.dataDir, 'eventstore');
}

/** The URL of an address the API listens on (an IPv6 address in brackets). */
export function listeningUrl(host: string, port: number): string {
  return `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

function integer(raw: string | undefined, fallback: number, name: string, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be an integer in [${min}, ${max}], not "${raw}"`);
  return value;
}

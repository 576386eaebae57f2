import type { EnvReader } from '@app/config';

export interface WebhookConfig {
  /** WEBHOOK_SECRET_KEY: seals the registrations' signing secrets; unset: a key generated into DATA_DIR. */
  secretKey?: string;
  /** `off` on an instance that should neither fill the outbox nor send (its API still manages registrations). */
  delivery: 'on' | 'off';
  /** Loopback, private and link-local targets (and plain http) are refused unless this is set: tests, development. */
  allowPrivateTargets: boolean;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  timeoutMs: number;
  pollMs: number;
  concurrency: number;
  /** How long a rotated-out secret keeps signing beside the new one. */
  secretOverlapMs: number;
  /** How long delivered rows and the delivery log are kept. */
  retentionMs: number;
}

/** The webhooks' part of the API's configuration (README, "Configuration"). */
export function readWebhookConfig(read: EnvReader, minSecretBytes: number): WebhookConfig {
  const secretKey = read.secret('WEBHOOK_SECRET_KEY', minSecretBytes);
  // Every instance must open what any of them sealed.
  if (!secretKey && (read.string('DATABASE_URL') || read.string('NODE_ENV') === 'production'))
    read.problem('WEBHOOK_SECRET_KEY', `must be set (at least ${minSecretBytes} bytes) with DATABASE_URL or NODE_ENV=production`);
  const retryBaseMs = read.integer('WEBHOOK_RETRY_BASE_MS', 5_000, 1, 86_400_000);
  return {
    ...(secretKey ? { secretKey } : {}),
    delivery: read.oneOf('WEBHOOK_DELIVERY', ['on', 'off'], 'on'),
    allowPrivateTargets: read.bool('WEBHOOKS_ALLOW_PRIVATE_TARGETS', false),
    maxAttempts: read.integer('WEBHOOK_MAX_ATTEMPTS', 10, 1, 100),
    retryBaseMs,
    retryMaxMs: read.integer('WEBHOOK_RETRY_MAX_MS', Math.max(retryBaseMs, 3_600_000), retryBaseMs, 7 * 86_400_000),
    timeoutMs: read.integer('WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
    pollMs: read.integer('WEBHOOK_POLL_MS', 1_000, 10, 60_000),
    concurrency: read.integer('WEBHOOK_CONCURRENCY', 16, 1, 1_000),
    secretOverlapMs: read.integer('WEBHOOK_SECRET_OVERLAP_MS', 86_400_000, 0, 30 * 86_400_000),
    retentionMs: read.integer('WEBHOOK_LOG_RETENTION_MS', 7 * 86_400_000, 60_000, 365 * 86_400_000),
  };
}

import { secretInDataDir } from '../infrastructure/data-dir-secret';

/**
 * The server's idempotency secret: IDEMPOTENCY_SECRET when set (several instances must share it, so configuration
 * requires it with DATABASE_URL and in production); otherwise one generated into the data directory on first start.
 */
export function idempotencySecret(configured: string | undefined, dataDir: string): Buffer {
  if (configured) return Buffer.from(configured, 'utf8');
  return secretInDataDir(dataDir, 'idempotency-secret');
}

import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/**
 * A stored response may hold a temporary password. It is encrypted with a key derived from the
 * Idempotency-Key, which only the client holds; the record is looked up by a hash of that key, so the
 * database alone can neither read the response nor find the key.
 */
export function recordId(tenant: string, idempotencyKey: string): string {
  return createHash('sha256').update(`${tenant}\0${idempotencyKey}`).digest('hex');
}

function keyFor(tenant: string, idempotencyKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', idempotencyKey, tenant, 'csp-api idempotent response', 32));
}

export function encryptResponse(tenant: string, idempotencyKey: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(tenant, idempotencyKey), iv);
  const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64');
}

export function decryptResponse(tenant: string, idempotencyKey: string, stored: string): string {
  const raw = Buffer.from(stored, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', keyFor(tenant, idempotencyKey), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Records are found and sealed with the server's secret and the client's Idempotency-Key together: the record id is
 * an HMAC under the server's secret, so whoever holds the database cannot test guessed keys offline, and the stored
 * response (which may hold a temporary password or an invitation link) opens only with both the secret and the key.
 */
export class ResponseCipher {
  constructor(private readonly serverSecret: Buffer) {}

  recordId(scope: string, idempotencyKey: string): string {
    return this.mac('record', scope, idempotencyKey).toString('hex');
  }

  seal(scope: string, idempotencyKey: string, plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keyFor(scope, idempotencyKey), iv);
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64');
  }

  open(scope: string, idempotencyKey: string, stored: string): string {
    const raw = Buffer.from(stored, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.keyFor(scope, idempotencyKey), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  private keyFor(scope: string, idempotencyKey: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.mac('response', scope, idempotencyKey), scope, 'csp-api idempotent response', 32));
  }

  private mac(purpose: string, scope: string, idempotencyKey: string): Buffer {
    return createHmac('sha256', this.serverSecret).update(`${purpose}\0${scope}\0${idempotencyKey}`).digest();
  }
}

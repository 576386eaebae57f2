import { createHash } from 'node:crypto';
import { ResponseCipher } from './response-cipher';

describe('idempotent response cipher', () => {
  const response = '{"temporaryPassword":"Xy7!abcdEFGH2345"}';
  const cipher = new ResponseCipher(Buffer.from('server-secret-0123456789abcdef0123456789'));
  const otherServer = new ResponseCipher(Buffer.from('another-server-secret-0123456789abcdef01'));

  it('opens only with the same server secret, scope and key', () => {
    const sealed = cipher.seal('partner:a', 'key-123456', response);
    expect(sealed).not.toContain('Xy7');
    expect(Buffer.from(sealed, 'base64').toString('utf8')).not.toContain('Xy7');
    expect(cipher.open('partner:a', 'key-123456', sealed)).toBe(response);
    expect(() => cipher.open('partner:a', 'key-1234567', sealed)).toThrow();
    expect(() => cipher.open('partner:b', 'key-123456', sealed)).toThrow();
    // The database and the client's key without the server's secret open nothing.
    expect(() => otherServer.open('partner:a', 'key-123456', sealed)).toThrow();
  });

  it('detects tampering', () => {
    const raw = Buffer.from(cipher.seal('partner:a', 'key-123456', response), 'base64');
    raw[raw.length - 1] ^= 1;
    expect(() => cipher.open('partner:a', 'key-123456', raw.toString('base64'))).toThrow();
  });

  it('looks records up by an HMAC: not testable from the key and scope alone, nor shared across tenants', () => {
    const id = cipher.recordId('partner:a', 'key-123456');
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(id).not.toBe(cipher.recordId('partner:b', 'key-123456'));
    expect(id).not.toBe(otherServer.recordId('partner:a', 'key-123456'));
    // The digest an offline guess would compute (the former record id) is not the record id.
    expect(id).not.toBe(createHash('sha256').update('partner:a\0key-123456').digest('hex'));
  });
});

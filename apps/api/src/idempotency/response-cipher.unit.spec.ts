import { decryptResponse, encryptResponse, recordId } from './response-cipher';

describe('idempotent response cipher', () => {
  const secret = '{"temporaryPassword":"Xy7!abcdEFGH2345"}';

  it('decrypts with the same tenant and key only', () => {
    const sealed = encryptResponse('partner:a', 'key-123456', secret);
    expect(sealed).not.toContain('Xy7');
    expect(Buffer.from(sealed, 'base64').toString('utf8')).not.toContain('Xy7');
    expect(decryptResponse('partner:a', 'key-123456', sealed)).toBe(secret);
    expect(() => decryptResponse('partner:a', 'key-1234567', sealed)).toThrow();
    expect(() => decryptResponse('partner:b', 'key-123456', sealed)).toThrow();
  });

  it('detects tampering', () => {
    const raw = Buffer.from(encryptResponse('partner:a', 'key-123456', secret), 'base64');
    raw[raw.length - 1] ^= 1;
    expect(() => decryptResponse('partner:a', 'key-123456', raw.toString('base64'))).toThrow();
  });

  it('looks records up by a digest that is neither the key nor shared across tenants', () => {
    expect(recordId('partner:a', 'key-123456')).toMatch(/^[0-9a-f]{64}$/);
    expect(recordId('partner:a', 'key-123456')).not.toBe(recordId('partner:b', 'key-123456'));
  });
});

import { randomBytes } from 'node:crypto';
import { SecretCipher } from './secret-cipher';

describe('SecretCipher', () => {
  const cipher = new SecretCipher(randomBytes(32));

  it('opens what it sealed, and the sealed text does not contain the secret', () => {
    const sealed = cipher.seal('wh-1', 'whsec_c2VjcmV0');
    expect(sealed).not.toContain('c2VjcmV0');
    expect(cipher.open('wh-1', sealed)).toBe('whsec_c2VjcmV0');
  });

  it('refuses a secret moved onto another registration, or sealed under another key', () => {
    const sealed = cipher.seal('wh-1', 'whsec_c2VjcmV0');
    expect(() => cipher.open('wh-2', sealed)).toThrow();
    expect(() => new SecretCipher(randomBytes(32)).open('wh-1', sealed)).toThrow();
  });
});

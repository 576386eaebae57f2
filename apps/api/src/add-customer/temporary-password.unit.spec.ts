import { temporaryPassword } from './temporary-password';

describe('temporaryPassword', () => {
  it('has the length asked for and every character class', () => {
    for (let i = 0; i < 200; i++) {
      const password = temporaryPassword();
      expect(password).toHaveLength(16);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[0-9]/);
      expect(password).toMatch(/[^A-Za-z0-9]/);
    }
  });

  it('does not repeat', () => {
    const seen = new Set(Array.from({ length: 1000 }, () => temporaryPassword()));
    expect(seen.size).toBe(1000);
  });
});

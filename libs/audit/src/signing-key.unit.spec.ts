import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEVELOPMENT_KEY_FILE, loadAuditSigningKey, publicKeyFromPem } from './signing-key';

describe('the audit signing key', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'audit-key-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is generated into the data directory once, readable by its owner only, and read back after', () => {
    const first = loadAuditSigningKey(undefined, join(dir, 'data'));
    const file = join(dir, 'data', DEVELOPMENT_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadAuditSigningKey(undefined, join(dir, 'data')).keyId).toBe(first.keyId);
    expect(publicKeyFromPem(first.publicKeyPem).export({ type: 'spki', format: 'der' })).toEqual(
      first.publicKey.export({ type: 'spki', format: 'der' }),
    );
  });

  it('is read from the configured file, and the data directory is left alone', () => {
    const file = join(dir, 'key.pem');
    writeFileSync(file, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const key = loadAuditSigningKey(file, join(dir, 'data'));
    expect(key.privateKey.export({ type: 'pkcs8', format: 'pem' })).toBe(readFileSync(file, 'utf8'));
    expect(() => statSync(join(dir, 'data', DEVELOPMENT_KEY_FILE))).toThrow();
  });

  it('refuses a key of another kind than Ed25519', () => {
    const file = join(dir, 'rsa.pem');
    writeFileSync(file, generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect(() => loadAuditSigningKey(file, dir)).toThrow(/must be Ed25519, not rsa/);
  });
});

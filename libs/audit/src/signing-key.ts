import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDirFile } from '@app/config';

/** The deployment's Ed25519 audit key: signs export manifests; its public half is published. */
export interface AuditSigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
  keyId: string;
}

export const DEVELOPMENT_KEY_FILE = 'audit-signing-key.pem';

/** A short name of a public key (SHA-256 of its SPKI DER, base64url, 16 characters): tells keys apart in a manifest. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64url')
    .slice(0, 16);
}

export function auditKeyFromPem(pem: string): AuditSigningKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new Error(`the audit signing key must be Ed25519, not ${privateKey.asymmetricKeyType}`);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), keyId: keyIdOf(publicKey) };
}

export function publicKeyFromPem(pem: string): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the audit public key must be Ed25519, not ${key.asymmetricKeyType}`);
  return key;
}

/**
 * AUDIT_SIGNING_KEY_FILE when configured (PEM, PKCS#8); otherwise a development key generated into the data
 * directory on first start (mode 0600) and read back after, so exports of one development deployment keep verifying
 * with one public key. Configuration refuses production without a configured file.
 */
export function loadAuditSigningKey(configuredFile: string | undefined, dataDir: string): AuditSigningKey {
  if (configuredFile) return auditKeyFromPem(readFileSync(configuredFile, 'utf8'));
  return auditKeyFromPem(
    dataDirFile(join(dataDir, DEVELOPMENT_KEY_FILE), () =>
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    ),
  );
}

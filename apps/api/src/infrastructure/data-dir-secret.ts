import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A development secret generated into the data directory on first start (mode 0600) and read back after, so a single
 * instance on the embedded defaults keeps what it sealed across restarts. Production configures the secret instead
 * (several instances must share it).
 */
export function secretInDataDir(dataDir: string, fileName: string): Buffer {
  const file = join(dataDir, fileName);
  try {
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32);
  try {
    // `wx`: when two processes start on one data directory at once, the second reads what the first wrote.
    writeFileSync(file, secret.toString('base64url'), { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
  }
}

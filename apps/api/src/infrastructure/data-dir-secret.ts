import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { dataDirFile } from '@app/config';

/**
 * A development secret generated into the data directory on first start (mode 0600) and read back after, so a single
 * instance on the embedded defaults keeps what it sealed across restarts. Production configures the secret instead
 * (several instances must share it).
 */
export function secretInDataDir(dataDir: string, fileName: string): Buffer {
  return Buffer.from(dataDirFile(join(dataDir, fileName), () => randomBytes(32).toString('base64url')).trim(), 'base64url');
}

import { readConfig, readStorageConfig, type Env, type StorageConfig } from '@app/config';
import { LOG_LEVELS, type LogLevel } from '@app/logging';

/**
 * The projector's settings (and `npm run projections`'): only where the log and the read models are. It
 * serves no HTTP and verifies no tokens, so HOST, PORT and JWT_* mean nothing to it.
 */
export interface ProjectorConfig extends StorageConfig {
  /** The least severe log level written (LOG_LEVEL). */
  logLevel: LogLevel;
}

export function loadProjectorConfig(app: 'projector' | 'projections', env: Env = process.env): ProjectorConfig {
  return readConfig(app, env, (read) => ({ ...readStorageConfig(read), logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, 'info') }));
}

import { readConfig, readStorageConfig, type Env, type StorageConfig } from '@app/config';

/**
 * The projector's settings (and `npm run projections`'): only where the log and the read models are. It
 * serves no HTTP and verifies no tokens, so HOST, PORT and JWT_* mean nothing to it.
 */
export type ProjectorConfig = StorageConfig;

export function loadProjectorConfig(app: 'projector' | 'projections', env: Env = process.env): ProjectorConfig {
  return readConfig(app, env, readStorageConfig);
}

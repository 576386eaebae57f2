import type { Provider } from '@nestjs/common';
import { loadAuditSigningKey, type AuditSigningKey } from '@app/audit';
import type { AppConfig } from '../config';
import { APP_CONFIG } from '../infrastructure/resources.module';

export const AUDIT_SIGNING_KEY = Symbol('AUDIT_SIGNING_KEY');

/** Read (or, on a development setup, generated) once at start: a key that cannot be read stops the API starting. */
export const auditSigningKeyProvider: Provider<AuditSigningKey> = {
  provide: AUDIT_SIGNING_KEY,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => loadAuditSigningKey(config.auditSigningKeyFile, config.dataDir),
};

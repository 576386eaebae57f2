import { join } from 'node:path';

export type SqlDialect = 'sqlite' | 'postgres';

export type DatabaseConfig = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string; schema?: string; poolSize?: number };

/** The read models' file in DATA_DIR when no DATABASE_URL is set. */
export const READ_MODELS_SQLITE_FILE = 'read-models.sqlite';

/** The one place that turns the environment (`DATABASE_URL`, `DATA_DIR`) into a database choice. */
export function databaseConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  if (env.DATABASE_URL) return { dialect: 'postgres', url: env.DATABASE_URL };
  return { dialect: 'sqlite', file: join(env.DATA_DIR ?? './data', READ_MODELS_SQLITE_FILE) };
}

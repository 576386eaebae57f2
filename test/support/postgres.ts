import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Kysely } from 'kysely';
import { Client } from 'pg';
import { createDatabase, DatabaseConfig, SqlDialect } from '@app/sql';

/** A throwaway database: a temp SQLite file, or a fresh schema on the server named by `TEST_POSTGRES_URL`. */
export interface TestDatabase {
  readonly dialect: SqlDialect;
  /** Opens another connection to the same database (a second process, a restart); the caller destroys it. */
  readonly config: DatabaseConfig;
  readonly db: Kysely<any>;
}

export const postgresUrl = process.env.TEST_POSTGRES_URL;

export function availableDialects(): SqlDialect[] {
  return postgresUrl ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** Creates an isolated database; `drop` closes it and removes every trace. Unreachable PostgreSQL throws. */
export async function createTestDatabase(dialect: SqlDialect): Promise<TestDatabase & { drop(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'rm-sqlite-'));
    const config: DatabaseConfig = { dialect: 'sqlite', file: join(dir, 'read-models.sqlite') };
    const db = createDatabase(config);
    return {
      dialect,
      config,
      db,
      async drop() {
        await db.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (!postgresUrl) throw new Error('createTestDatabase(postgres): TEST_POSTGRES_URL is not set');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create schema ${schema}`);
  const config: DatabaseConfig = { dialect: 'postgres', url: postgresUrl, schema, poolSize: 12 };
  const db = createDatabase(config);
  return {
    dialect,
    config,
    db,
    async drop() {
      await db.destroy();
      await adminQuery(`drop schema ${schema} cascade`);
    },
  };
}

async function adminQuery(text: string): Promise<void> {
  const client = new Client({ connectionString: postgresUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`TEST_POSTGRES_URL is set but PostgreSQL is unreachable (${postgresUrl}): ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * Runs `fn` once per available dialect inside `describe(name [dialect])`, with a fresh database per dialect
 * for the whole block. Without `TEST_POSTGRES_URL` the PostgreSQL block is a single skipped test whose
 * title gives the reason, so a green run never hides that PostgreSQL was not tested.
 */
export function describeDb(name: string, fn: (database: () => TestDatabase) => void): void {
  for (const dialect of ['sqlite', 'postgres'] as const) {
    describe(`${name} [${dialect}]`, () => {
      if (dialect === 'postgres' && !postgresUrl) {
        test.skip('skipped: TEST_POSTGRES_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)', () => undefined);
        return;
      }
      let current: (TestDatabase & { drop(): Promise<void> }) | undefined;
      beforeAll(async () => {
        current = await createTestDatabase(dialect);
      });
      afterAll(async () => {
        await current?.drop();
      });
      fn(() => {
        if (!current) throw new Error(`describeDb(${name}): the ${dialect} database failed to open`);
        return current;
      });
    });
  }
}

/** A whole throwaway PostgreSQL database (for an app that takes only a `DATABASE_URL`), dropped by `drop`. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (!postgresUrl) throw new Error('createPostgresDatabase: TEST_POSTGRES_URL is not set');
  const name = `t_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(`drop database if exists ${name} with (force)`) };
}

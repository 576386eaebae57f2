import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startEventStoreServer, type EmbeddedEventStore } from '@app/eventstore-server';
import { sign } from '../../api/support/api-harness';
import { newCustomerBody, uid } from '../../api/support/fixtures';
import { createPostgresDatabase } from '../../support/postgres';

export interface ApiWithReadModels {
  readonly url: string;
  call(
    method: string,
    path: string,
    token?: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; headers: Headers; body: any }>;
  partnerToken(partnerId: string, role?: string): string;
  customerToken(customerId: string): string;
  close(): Promise<void>;
}

const JWT_SECRET = 'api-e2e-secret-0123456789abcdef0123456789abcdef';

function spawnApi(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(__dirname, 'api-with-read-models.child.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the API did not start within 30 s: ${stderr}`));
    }, 30_000);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const url = line.startsWith('{"apiUrl"') ? JSON.parse(line).apiUrl : undefined;
      if (!url) return;
      clearTimeout(timer);
      lines.removeAllListeners('line');
      child.stdout!.resume();
      resolve({ child, url });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the API exited with ${code}: ${stderr}`));
    });
  });
}

/**
 * The API with the read-model endpoints and a projector, on a fresh embedded store (in this process) and
 * `databaseUrl` (PostgreSQL) or the SQLite file of a temp data dir.
 */
export async function startApiWithReadModels(databaseUrl?: string): Promise<ApiWithReadModels> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rm-api-e2e-'));
  let store: EmbeddedEventStore | undefined;
  let started: { child: ChildProcess; url: string };
  try {
    store = await startEventStoreServer({ port: 0, memory: true });
    started = await spawnApi({
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      EVENTSTORE_URL: store.connectionString,
      JWT_SECRET,
      NO_COLOR: '1',
      READ_YOUR_WRITES_TIMEOUT_MS: '3000',
      ...(databaseUrl
        ? {
            DATABASE_URL: databaseUrl,
            IDEMPOTENCY_SECRET: 'api-with-read-models-idempotency-secret-0123',
            WEBHOOK_SECRET_KEY: 'api-with-read-models-webhook-secret-key-0123',
          }
        : { DATABASE_URL: '' }),
    });
  } catch (error) {
    await store?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const { child, url } = started;
  return {
    url,
    async call(method, path, token, body, headers = {}) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON (metrics); the text is the body
      }
      return { status: response.status, headers: response.headers, body: parsed };
    },
    partnerToken: (partnerId, role = 'GlobalAdmin') => sign({ sub: `${role}-${partnerId}`, role, partner_id: partnerId }, JWT_SECRET),
    customerToken: (customerId) => sign({ sub: `admin-${customerId}`, role: 'GlobalAdmin', customer_id: customerId }, JWT_SECRET),
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await store!.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export { eventually, uid } from '../../api/support/fixtures';

export const customerBody = (companyName: string, extra: Record<string, unknown> = {}) =>
  newCustomerBody(undefined, { companyName, ...extra });

/**
 * For a describe block: one API with read models on the dialect (PostgreSQL in a database of its own),
 * started before its tests and closed after, with the calls the specs share.
 */
export function apiOn(dialect: 'sqlite' | 'postgres') {
  let dropDatabase: (() => Promise<void>) | undefined;
  const env = {
    api: undefined as unknown as ApiWithReadModels,
    /** A call that must succeed (2xx). */
    async ok(method: string, path: string, token: string, body?: unknown) {
      const result = await env.api.call(method, path, token, body);
      if (result.status >= 300) throw new Error(`${method} ${path}: ${result.status} ${JSON.stringify(result.body)}`);
      return result;
    },
    async enrol(kind: string) {
      const partnerId = uid(kind.split('-').pop()!);
      const token = env.api.partnerToken(partnerId);
      await env.ok('POST', '/v1/partner', token, { kind, name: `Partner ${partnerId}`, mpnId: '1234567', country: 'US' });
      return { partnerId, token };
    },
  };
  beforeAll(async () => {
    let databaseUrl: string | undefined;
    if (dialect === 'postgres') {
      const database = await createPostgresDatabase();
      databaseUrl = database.url;
      dropDatabase = database.drop;
    }
    env.api = await startApiWithReadModels(databaseUrl);
  });
  afterAll(async () => {
    await env.api?.close();
    await dropDatabase?.();
  });
  return env;
}

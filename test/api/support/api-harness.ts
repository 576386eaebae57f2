// The API as a child process (the built dist/, as `npm start` runs it) over real HTTP, against an embedded
// event store started here on port 0 with a temp data dir, so a spec can read $all and restart the API.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BACKWARDS, END, EventStoreDBClient, type ResolvedEvent } from '@eventstore/db-client';
import { startEventStoreServer, type EmbeddedEventStore } from '@app/eventstore-server';

const entry = resolve(__dirname, '../../../dist/apps/api/src/main.js');
const JWT_SECRET = 'api-e2e-secret-0123456789abcdef0123456789abcdef';

export interface CallOptions {
  token?: string;
  body?: unknown;
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

export interface ApiHarness {
  readonly url: string;
  readonly dataDir: string;
  readonly store: EmbeddedEventStore;
  readonly client: EventStoreDBClient;
  call(method: string, path: string, options?: CallOptions): Promise<CallResult>;
  partnerToken(partnerId: string, role?: string, userId?: string): string;
  customerToken(customerId: string, role?: string, userId?: string): string;
  /** An `Auditor` of the partner, or a `PlatformAuditor` without one. */
  auditorToken(partnerId?: string, userId?: string): string;
  /** Commit position of the last event in $all, null for an empty store. */
  head(): Promise<bigint | null>;
  /** Every non-system event of a stream, in order. */
  readStream(stream: string): Promise<ResolvedEvent[]>;
  /**
   * A second API process on the same store and the same SQL database (DATA_DIR), as another replica would
   * run; stopped by close() at the latest.
   */
  startReplica(env?: Record<string, string>): Promise<ApiReplica>;
  /** Everything the API processes (every start, replicas included) wrote to stdout and stderr so far. */
  logs(): string;
  /** Kills the API process (SIGKILL: no graceful anything) and leaves the store running. */
  killApi(): Promise<void>;
  startApi(env?: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

export interface ApiReplica {
  readonly url: string;
  call(method: string, path: string, options?: CallOptions): Promise<CallResult>;
  stop(): Promise<void>;
}

export function sign(claims: Record<string, unknown>, secret = JWT_SECRET, ttlSeconds = 3600): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ iss: 'csp-dev', aud: 'csp-api', iat: now, exp: now + ttlSeconds, ...claims })}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

export async function startApiHarness(env: Record<string, string> = {}): Promise<ApiHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'csp-api-e2e-'));
  const store = await startEventStoreServer({ port: 0, dataDir: join(dataDir, 'eventstore') });
  const client = EventStoreDBClient.connectionString(store.connectionString);
  let child: ChildProcess | null = null;
  let url = '';
  const replicas = new Set<ChildProcess>();
  const logs: (() => string)[] = [];

  const apiEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => ({
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    EVENTSTORE_URL: store.connectionString,
    PROJECTOR: 'off',
    JWT_SECRET,
    NO_COLOR: '1',
    ...env,
    ...extra,
  });

  const startApi = async (extra: Record<string, string> = {}) => {
    const started = await spawnApi(apiEnv(extra));
    logs.push(started.output);
    child = started.child;
    url = started.url;
  };

  const stopChild = async (signal: NodeJS.Signals) => {
    const running = child;
    child = null;
    await stopProcess(running, signal);
  };

  const stopProcess = async (running: ChildProcess | null, signal: NodeJS.Signals) => {
    if (!running || running.exitCode !== null) return;
    const exited = new Promise<void>((done) => running.once('exit', () => done()));
    running.kill(signal);
    // A graceful stop that hangs is a bug worth seeing, but must not hang the suite.
    const timer = setTimeout(() => running.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  await startApi();
  return {
    get url() {
      return url;
    },
    dataDir,
    store,
    client,
    call: (method, path, options) => callApi(url, method, path, options),
    partnerToken: (partnerId, role = 'GlobalAdmin', userId) =>
      sign({ sub: userId ?? `${role.toLowerCase()}-${partnerId}`, role, partner_id: partnerId }),
    customerToken: (customerId, role = 'GlobalAdmin', userId) =>
      sign({ sub: userId ?? `admin-${customerId}`, role, customer_id: customerId }),
    auditorToken: (partnerId, userId) =>
      partnerId === undefined
        ? sign({ sub: userId ?? 'platform-auditor', role: 'PlatformAuditor' })
        : sign({ sub: userId ?? `auditor-${partnerId}`, role: 'Auditor', partner_id: partnerId }),
    async head() {
      // Read to the end (one event) rather than break out: an abandoned read keeps the channel busy.
      let last: bigint | null = null;
      for await (const resolved of client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 })) {
        last = resolved.event?.position?.commit ?? null;
      }
      return last;
    },
    async readStream(stream) {
      const events: ResolvedEvent[] = [];
      try {
        for await (const resolved of client.readStream(stream)) events.push(resolved);
      } catch (error) {
        if ((error as { type?: string }).type !== 'stream-not-found') throw error;
      }
      return events;
    },
    async startReplica(extra = {}) {
      const replica = await spawnApi(apiEnv(extra));
      logs.push(replica.output);
      replicas.add(replica.child);
      return {
        url: replica.url,
        call: (method, path, options) => callApi(replica.url, method, path, options),
        async stop() {
          replicas.delete(replica.child);
          await stopProcess(replica.child, 'SIGTERM');
        },
      };
    },
    logs: () => logs.map((output) => output()).join(''),
    killApi: () => stopChild('SIGKILL'),
    startApi,
    async close() {
      const t0 = Date.now();
      await Promise.all([...replicas].map((replica) => stopProcess(replica, 'SIGTERM')));
      await stopChild('SIGTERM');
      if (process.env.DEBUG_HARNESS) console.log('child stopped', Date.now() - t0);
      await client.dispose();
      if (process.env.DEBUG_HARNESS) console.log('client disposed', Date.now() - t0);
      await store.stop();
      if (process.env.DEBUG_HARNESS) console.log('store stopped', Date.now() - t0);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function callApi(base: string, method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | Buffer | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  }
  const response = await fetch(`${base}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

/** A spec may read what a child logged (up to this much; the rest is dropped). */
const MAX_LOG_CHARS = 4 * 1024 * 1024;

function spawnApi(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  return new Promise((resolveStart, reject) => {
    const child = spawn(process.execPath, [entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      if (output.length < MAX_LOG_CHARS) output += chunk.toString();
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`API did not start within 20 s:\n${output}`));
    }, 20_000);
    const onData = () => {
      const match = /API listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolveStart({ child, url: match[1], output: () => output });
      }
    };
    // Keeps draining (so a chatty child never blocks on a full pipe) and keeps what it read for `logs()`.
    child.stdout!.on('data', keep);
    child.stdout!.on('data', onData);
    child.stderr!.on('data', keep);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`API exited with ${code} before listening:\n${output}`));
    });
  });
}

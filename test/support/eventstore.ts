// Test harness for the embedded EventStoreDB-compatible server: in-process instances with real
// clients of both flavours, the CLI as a child process, and small read helpers.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEventStoreServer, type EmbeddedEventStore } from '@app/eventstore-server';
import type { Client, ClientKit } from './eventstore-clients';

export const repoRoot = resolve(__dirname, '../..');
export const cliEntry = join(repoRoot, 'dist/apps/eventstore/src/main.js');

export function uniqueStream(prefix = 'test'): string {
  return `${prefix}-${randomUUID()}`;
}

export function tempDir(prefix = 'esdb-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface TestStore {
  readonly server: EmbeddedEventStore;
  readonly connectionString: string;
  readonly dataDir?: string;
  /** One client per kit, created on first use and disposed by stop(). */
  client(kit: ClientKit): Client;
  /** A fresh client that the caller must dispose (own channel, own BatchAppend stream). */
  newClient(kit: ClientKit): Client;
  /** Stops the server and starts it again on the same data directory (new port, new clients). */
  restart(): Promise<TestStore>;
  stop(): Promise<void>;
}

export async function startTestStore(options: { memory?: boolean; dataDir?: string } = {}): Promise<TestStore> {
  const ownsDir = !options.memory && !options.dataDir;
  const dataDir = options.memory ? undefined : (options.dataDir ?? tempDir());
  const server = await startEventStoreServer({ port: 0, ...(dataDir ? { dataDir } : { memory: true }) });
  return wrap(server, dataDir, ownsDir);
}

function wrap(server: EmbeddedEventStore, dataDir: string | undefined, ownsDir: boolean): TestStore {
  const shared = new Map<string, Client>();
  const owned: Client[] = [];
  const disposeClients = async () => {
    await Promise.allSettled([...shared.values(), ...owned].map((c) => c.dispose()));
    shared.clear();
    owned.length = 0;
  };
  const store: TestStore = {
    server,
    connectionString: server.connectionString,
    dataDir,
    client(kit) {
      let client = shared.get(kit.name);
      if (!client) {
        client = kit.connect(server.connectionString);
        shared.set(kit.name, client);
      }
      return client;
    },
    newClient(kit) {
      const client = kit.connect(server.connectionString);
      owned.push(client);
      return client;
    },
    async restart() {
      if (!dataDir) throw new Error('restart needs a data directory');
      await disposeClients();
      await server.stop();
      const next = await startEventStoreServer({ port: 0, dataDir });
      return wrap(next, dataDir, ownsDir);
    },
    async stop() {
      await disposeClients();
      await server.stop();
      if (ownsDir && dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return store;
}

/** Drains a read into an array; rejects with the client's error (not found, deleted, ...). */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** The rejection of a promise, or a failure if it resolved. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & { type?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { type?: string };
  }
  throw new Error('expected the call to fail, it succeeded');
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

export function delay(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

export interface ChildServer {
  readonly process: ChildProcess;
  readonly pid: number;
  readonly port: number;
  readonly connectionString: string;
  output(): string;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

export interface SpawnOptions {
  dataDir?: string;
  memory?: boolean;
  port?: number;
  /** Run the CLI under another program (e.g. strace); its arguments come before `node`. */
  wrapper?: { command: string; args: string[] };
  readyTimeoutMs?: number;
}

/**
 * Starts `dist/apps/eventstore/src/main.js` (built by the jest global setup) and resolves once
 * its port accepts connections. A port is chosen here so readiness does not depend on log format.
 */
export async function spawnServer(options: SpawnOptions): Promise<ChildServer> {
  if (!existsSync(cliEntry)) throw new Error(`${cliEntry} is missing: run npm run build`);
  const port = options.port ?? (await freePort());
  const storage = options.memory ? ['--memory'] : ['--data', options.dataDir ?? tempDir()];
  const nodeArgs = [cliEntry, '--host', '127.0.0.1', '--port', String(port), ...storage];
  const [command, args] = options.wrapper
    ? [options.wrapper.command, [...options.wrapper.args, process.execPath, ...nodeArgs]]
    : [process.execPath, nodeArgs];
  const child = spawn(command, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code, signal) => done(code ?? (signal ? -1 : null))));

  const deadline = Date.now() + (options.readyTimeoutMs ?? 20_000);
  let alive = true;
  void exited.then(() => (alive = false));
  while (!(await accepts(port))) {
    if (!alive) throw new Error(`server exited before listening:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not listen on ${port} in time:\n${output}`);
    }
    await delay(50);
  }
  return {
    process: child,
    pid: child.pid!,
    port,
    connectionString: `esdb://127.0.0.1:${port}?tls=false`,
    output: () => output,
    async kill(signal) {
      if (alive) child.kill(signal);
      return exited;
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

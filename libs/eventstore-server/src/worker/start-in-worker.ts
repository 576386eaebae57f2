import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { silentLogger } from '../logger';
import type { EmbeddedEventStore, EventStoreServerOptions, ServerStats } from '../server';
import { STATS_FIELDS, type FromServerThread, type ServerThreadData, type ToServerThread } from './messages';

export interface WorkerServerOptions extends EventStoreServerOptions {
  /**
   * Called once if the thread dies or fails while the store is serving (not for a failed start, which
   * rejects, nor after `stop()`). The store is gone at that point; the default logs the error, and the
   * owner decides whether to exit. Appends in flight fail on the client side.
   */
  onFailure?: (error: Error) => void;
  /** How stale `stats()` may be (the thread publishes them this often). Default 50 ms. */
  statsIntervalMs?: number;
}

const STOP_TIMEOUT_MS = 15_000;

/**
 * The embedded server in a worker thread: the same server as `startEventStoreServer` (same durability:
 * an append is acknowledged after fdatasync), but its gRPC decoding, SQLite work and group-commit
 * bookkeeping run on another core instead of queueing behind the host's own event loop (the API's HTTP
 * handling). Clients connect over loopback exactly as before.
 */
export function startEventStoreServerInWorker(options: WorkerServerOptions = {}): Promise<EmbeddedEventStore> {
  return startServerThread(serverThreadEntry(), options);
}

/** `startEventStoreServerInWorker` with the thread's script given (specs use a failing stand-in). */
export function startServerThread(entry: string, options: WorkerServerOptions): Promise<EmbeddedEventStore> {
  const { logger = silentLogger, onFailure, statsIntervalMs = 50, ...serverOptions } = options;
  if (!serverOptions.memory && !serverOptions.dataDir) throw new Error('startEventStoreServerInWorker needs dataDir or memory: true');
  const stats = new SharedArrayBuffer(STATS_FIELDS.length * Float64Array.BYTES_PER_ELEMENT);
  const slots = new Float64Array(stats);
  const workerData: ServerThreadData = { options: serverOptions, stats, statsIntervalMs };
  const worker = new Worker(entry, { workerData });

  return new Promise<EmbeddedEventStore>((resolveStart, rejectStart) => {
    let state: 'starting' | 'serving' | 'stopping' | 'stopped' | 'failed' = 'starting';
    let stopped: { resolve(): void; reject(error: Error): void } | undefined;
    let stopping: Promise<void> | undefined;

    const failWith = (error: Error) => {
      const previous = state;
      if (previous === 'stopped' || previous === 'failed') return;
      state = 'failed';
      logger.error('event store thread failed', { error: error.stack ?? error.message });
      if (previous === 'starting') rejectStart(error);
      else if (previous === 'stopping') stopped?.reject(error);
      else if (onFailure) onFailure(error);
      void worker.terminate();
    };

    worker.on('message', (message: FromServerThread) => {
      switch (message.kind) {
        case 'log':
          logger[message.level](message.message, message.fields);
          return;
        case 'ready':
          state = 'serving';
          resolveStart(store(message.port, message.connectionString));
          return;
        case 'stopped':
          state = 'stopped';
          return;
        case 'failed': {
          const error = new Error(message.message);
          if (message.stack) error.stack = message.stack;
          failWith(error);
          return;
        }
      }
    });
    worker.on('error', (error) => failWith(error));
    worker.on('exit', (code) => {
      if (state === 'stopped' || (state === 'stopping' && code === 0)) {
        state = 'stopped';
        stopped?.resolve();
      } else failWith(new Error(`the event store thread exited (code ${code}) while ${state}`));
    });

    const store = (port: number, connectionString: string): EmbeddedEventStore => ({
      port,
      connectionString,
      stats: () => Object.fromEntries(STATS_FIELDS.map((field, index) => [field, slots[index]])) as unknown as ServerStats,
      stop: () =>
        (stopping ??= new Promise<void>((resolveStop, rejectStop) => {
          if (state !== 'serving') {
            if (state === 'failed') rejectStop(new Error('the event store thread had already failed'));
            else resolveStop();
            return;
          }
          state = 'stopping';
          // The server's own stop is bounded (grace period, then force); this only guards a hung thread.
          const guard = setTimeout(() => failWith(new Error(`the event store thread did not stop within ${STOP_TIMEOUT_MS} ms`)), STOP_TIMEOUT_MS);
          guard.unref();
          stopped = {
            resolve: () => (clearTimeout(guard), resolveStop()),
            reject: (error) => (clearTimeout(guard), rejectStop(error)),
          };
          worker.postMessage({ kind: 'stop' } satisfies ToServerThread);
        })),
    });
  });
}

/**
 * The compiled thread entry. Under ts-jest this module is TypeScript, which a worker cannot load, so it
 * uses the compiled twin in dist/ (the test setup builds it).
 */
function serverThreadEntry(): string {
  if (__filename.endsWith('.js')) return join(__dirname, 'server-thread.js');
  const root = resolve(__dirname, '../../../..');
  const compiled = join(root, 'dist/libs/eventstore-server/src/worker/server-thread.js');
  if (!existsSync(compiled)) throw new Error(`${compiled} is missing: run npm run build first`);
  return compiled;
}

import { Worker } from 'node:worker_threads';
import { compiledThreadEntry, superviseThread } from '@app/threads';
import { silentLogger } from '@app/logging';
import type { EmbeddedEventStore, EventStoreServerOptions, ServerStats } from '../server';
import { STATS_FIELDS, type FromServerThread, type ServerThreadData, type ServerThreadReady } from './messages';

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
export async function startServerThread(entry: string, options: WorkerServerOptions): Promise<EmbeddedEventStore> {
  const { logger = silentLogger, onFailure, statsIntervalMs = 50, ...serverOptions } = options;
  if (!serverOptions.memory && !serverOptions.dataDir) throw new Error('startEventStoreServerInWorker needs dataDir or memory: true');
  const stats = new SharedArrayBuffer(STATS_FIELDS.length * Float64Array.BYTES_PER_ELEMENT);
  const slots = new Float64Array(stats);
  const workerData: ServerThreadData = { options: serverOptions, stats, statsIntervalMs };
  const thread = await superviseThread<ServerThreadReady>(new Worker(entry, { workerData }), {
    name: 'the event store thread',
    onMessage: (message) => {
      const log = message as Extract<FromServerThread, { kind: 'log' }>;
      if (log.kind === 'log') logger[log.level](log.message, log.fields);
    },
    onFailure: (error, phase) => {
      logger.error('event store thread failed', { error: error.stack ?? error.message });
      if (phase === 'running') onFailure?.(error);
    },
  });
  return {
    port: thread.ready.port,
    connectionString: thread.ready.connectionString,
    stats: () => Object.fromEntries(STATS_FIELDS.map((field, index) => [field, slots[index]])) as unknown as ServerStats,
    stop: () => thread.stop(),
  };
}

function serverThreadEntry(): string {
  return compiledThreadEntry(__filename, 'libs/eventstore-server/src/worker/server-thread.js');
}

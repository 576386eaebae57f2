/**
 * Entry point of the worker thread that runs the embedded server (see `start-in-worker.ts`). The
 * server is the same code as in-process; only its logger and stats are bridged to the parent.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Logger } from '@app/logging';
import { startEventStoreServer, type EmbeddedEventStore } from '../server';
import { STATS_FIELDS, type FromServerThread, type ServerThreadData, type ToServerThread } from './messages';

const port = parentPort!;
const data = workerData as ServerThreadData;
const post = (message: FromServerThread) => port.postMessage(message);

const logger: Logger = {
  info: (message, fields) => post({ kind: 'log', level: 'info', message, fields }),
  warn: (message, fields) => post({ kind: 'log', level: 'warn', message, fields }),
  error: (message, fields) => post({ kind: 'log', level: 'error', message, fields }),
};

function publishStats(server: EmbeddedEventStore, slots: Float64Array): void {
  const stats = server.stats();
  STATS_FIELDS.forEach((field, index) => (slots[index] = stats[field]));
}

async function main(): Promise<void> {
  const server = await startEventStoreServer({ ...data.options, logger });
  const slots = new Float64Array(data.stats);
  publishStats(server, slots);
  const timer = setInterval(() => publishStats(server, slots), data.statsIntervalMs);
  timer.unref();
  port.on('message', (message: ToServerThread) => {
    if (message.kind !== 'stop') return;
    clearInterval(timer);
    server.stop().then(
      () => {
        publishStats(server, slots);
        post({ kind: 'stopped' });
        port.close();
      },
      (error: unknown) => fail(error),
    );
  });
  post({ kind: 'ready', port: server.port, connectionString: server.connectionString });
}

function fail(error: unknown): void {
  const failure = error instanceof Error ? error : new Error(String(error));
  post({ kind: 'failed', message: failure.message, stack: failure.stack });
  port.close();
}

main().catch(fail);

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EventStoreDBClient } from '@eventstore/db-client';
import { Logger } from '@nestjs/common';
import type { Kysely } from 'kysely';
import { allProjections, EsdbEventSource, projectionStatuses, readModelsHealth, type Projector, type RunnerState } from '@app/read-models';
import type { FromProjectorThread, ProjectorThreadData, ToProjectorThread } from './projector-thread-messages';

const STOP_TIMEOUT_MS = 15_000;

export interface InlineProjectorThread {
  /** What the read-model health check asks of an in-process projector: statuses with the runners' live states. */
  readonly view: Projector;
  stop(): Promise<void>;
}

/**
 * `PROJECTOR=inline` runs the projector in a worker thread of the API process: the projections' SQL work
 * and the decoding of every event then use the other core instead of the event loop that serves HTTP
 * (it is the same topology as `apps/projector` beside an API with `PROJECTOR=off`, in one process).
 * Resolves once the read-model tables are migrated and the projection has started.
 */
export function startInlineProjectorThread(options: {
  connectionString: string;
  dataDir: string;
  databaseUrl?: string;
  db: Kysely<any>;
  client: EventStoreDBClient;
  batchSize?: number;
}): Promise<InlineProjectorThread> {
  const logger = new Logger('projector');
  const workerData: ProjectorThreadData = {
    connectionString: options.connectionString,
    dataDir: options.dataDir,
    databaseUrl: options.databaseUrl,
    batchSize: options.batchSize ?? 2000,
    statesIntervalMs: 200,
  };
  const worker = new Worker(projectorThreadEntry(), { workerData });
  const states = new Map<string, { state: RunnerState; lastError?: string }>();
  const source = new EsdbEventSource(options.client);
  const view = {
    status: (countLimit?: number) => projectionStatuses(options.db, source, allProjections, (name) => states.get(name), countLimit),
    health: (maxLagSeconds?: number) => readModelsHealth(options.db, source, view, maxLagSeconds),
  } as unknown as Projector;

  return new Promise<InlineProjectorThread>((resolveStart, rejectStart) => {
    let phase: 'starting' | 'running' | 'stopping' | 'stopped' | 'failed' = 'starting';
    let stopped: { resolve(): void; reject(error: Error): void } | undefined;
    let stopping: Promise<void> | undefined;

    const failWith = (error: Error) => {
      const previous = phase;
      if (previous === 'stopped' || previous === 'failed') return;
      phase = 'failed';
      logger.error(`the projector thread failed: ${error.stack ?? error.message}`);
      // The health check reports it (a live projection would otherwise look merely idle until it lags).
      for (const projection of allProjections) states.set(projection.name, { state: 'reconnecting', lastError: `projector thread failed: ${error.message}` });
      if (previous === 'starting') rejectStart(error);
      else if (previous === 'stopping') stopped?.reject(error);
      void worker.terminate();
    };

    worker.on('message', (message: FromProjectorThread) => {
      switch (message.kind) {
        case 'states':
          for (const [name, status] of message.states) states.set(name, status);
          return;
        case 'started':
          phase = 'running';
          resolveStart({ view, stop });
          return;
        case 'stopped':
          phase = 'stopped';
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
      if (phase === 'stopped' || (phase === 'stopping' && code === 0)) {
        phase = 'stopped';
        stopped?.resolve();
      } else failWith(new Error(`the projector thread exited (code ${code}) while ${phase}`));
    });

    const stop = () =>
      (stopping ??= new Promise<void>((resolveStop, rejectStop) => {
        if (phase !== 'running') {
          resolveStop();
          return;
        }
        phase = 'stopping';
        const guard = setTimeout(() => failWith(new Error(`the projector thread did not stop within ${STOP_TIMEOUT_MS} ms`)), STOP_TIMEOUT_MS);
        guard.unref();
        stopped = {
          resolve: () => (clearTimeout(guard), resolveStop()),
          reject: (error) => (clearTimeout(guard), rejectStop(error)),
        };
        worker.postMessage({ kind: 'stop' } satisfies ToProjectorThread);
      }));
  });
}

/** The compiled thread entry (under ts-jest this module is TypeScript, which a worker cannot load). */
function projectorThreadEntry(): string {
  if (__filename.endsWith('.js')) return join(__dirname, 'projector-thread.js');
  const compiled = join(resolve(__dirname, '../../../..'), 'dist/apps/api/src/infrastructure/projector-thread.js');
  if (!existsSync(compiled)) throw new Error(`${compiled} is missing: run npm run build first`);
  return compiled;
}

import { Worker } from 'node:worker_threads';
import type { EventStoreDBClient } from '@eventstore/db-client';
import { Logger } from '@nestjs/common';
import type { Kysely } from 'kysely';
import { allProjections, EsdbEventSource, projectionStatuses, readModelsHealth, type Projector, type RunnerState } from '@app/read-models';
import type { LogLevel } from '@app/logging';
import { compiledThreadEntry, superviseThread } from '@app/threads';
import type { FromProjectorThread, ProjectorThreadData } from './projector-thread-messages';

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
export async function startInlineProjectorThread(options: {
  connectionString: string;
  dataDir: string;
  databaseUrl?: string;
  db: Kysely<any>;
  client: EventStoreDBClient;
  batchSize?: number;
  logLevel: LogLevel;
}): Promise<InlineProjectorThread> {
  const logger = new Logger('projector');
  const workerData: ProjectorThreadData = {
    connectionString: options.connectionString,
    dataDir: options.dataDir,
    databaseUrl: options.databaseUrl,
    batchSize: options.batchSize ?? 2000,
    statesIntervalMs: 200,
    logLevel: options.logLevel,
    prettyLogs: process.stdout.isTTY === true,
  };
  const states = new Map<string, { state: RunnerState; lastError?: string }>();
  const source = new EsdbEventSource(options.client);
  const view = {
    status: (countLimit?: number) => projectionStatuses(options.db, source, allProjections, (name) => states.get(name), countLimit),
    health: (maxLagSeconds?: number) => readModelsHealth(options.db, source, view, maxLagSeconds),
  } as unknown as Projector;

  const thread = await superviseThread(
    new Worker(compiledThreadEntry(__filename, 'apps/api/src/infrastructure/projector-thread.js'), { workerData }),
    {
      name: 'the projector thread',
      onMessage: (message) => {
        const update = message as FromProjectorThread;
        if (update.kind === 'states') for (const [name, status] of update.states) states.set(name, status);
      },
      onFailure: (error) => {
        logger.error(`the projector thread failed: ${error.stack ?? error.message}`);
        // The health check reports it (a live projection would otherwise look merely idle until it lags).
        for (const projection of allProjections)
          states.set(projection.name, { state: 'reconnecting', lastError: `projector thread failed: ${error.message}` });
      },
    },
  );
  return { view, stop: () => thread.stop() };
}

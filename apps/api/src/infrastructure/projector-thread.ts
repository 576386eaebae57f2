/**
 * Entry point of the worker thread that runs the inline projector (see `inline-projector.ts`): its own
 * store client, its own database connection, the same `Projector` as `apps/projector` runs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { EventStoreDBClient } from '@eventstore/db-client';
import { createLogger, libraryLogger } from '@app/logging';
import { EsdbEventSource, Projector } from '@app/read-models';
import { createDatabase, databaseConfigFromEnv } from '@app/sql';
import { startTracingFromEnv } from '@app/tracing';
import type { FromProjectorThread, ProjectorThreadData, RunnerStates, ToProjectorThread } from './projector-thread-messages';

const port = parentPort!;
const data = workerData as ProjectorThreadData;
const post = (message: FromProjectorThread) => port.postMessage(message);

function states(projector: Projector): RunnerStates {
  return projector.runners.flatMap((runner) =>
    runner.projections.map((projection) => {
      const { state, lastError } = runner.status(projection.name);
      return [projection.name, { state, lastError }] as const;
    }),
  );
}

async function main(): Promise<void> {
  // A thread has its own tracer registration; the environment is the API's (README, "Traces").
  const tracing = await startTracingFromEnv(process.env, 'csp-api');
  const client = EventStoreDBClient.connectionString(data.connectionString);
  const db = createDatabase(databaseConfigFromEnv({ DATA_DIR: data.dataDir, DATABASE_URL: data.databaseUrl }));
  const projector = await Projector.start({
    db,
    source: new EsdbEventSource(client),
    logger: libraryLogger(createLogger(data.logLevel, data.prettyLogs), 'projector'),
    batchSize: data.batchSize,
  });
  // Looked at every interval, posted only when changed: a message wakes the API's event loop, idle or not.
  let posted = '';
  const publish = () => {
    const current = states(projector);
    const text = JSON.stringify(current);
    if (text === posted) return;
    posted = text;
    post({ kind: 'states', states: current });
  };
  const timer = setInterval(publish, data.statesIntervalMs);
  timer.unref();
  port.on('message', (message: ToProjectorThread) => {
    if (message.kind !== 'stop') return;
    clearInterval(timer);
    (async () => {
      await projector.stop();
      publish();
      await client.dispose();
      await db.destroy();
      await tracing.shutdown();
    })().then(() => {
      post({ kind: 'stopped' });
      port.close();
    }, fail);
  });
  publish();
  post({ kind: 'ready' });
}

function fail(error: unknown): void {
  const failure = error instanceof Error ? error : new Error(String(error));
  post({ kind: 'failed', message: failure.message, stack: failure.stack });
  port.close();
}

main().catch(fail);

import { configOrExit, parseCommandLine } from '@app/config';
import { createLogger, libraryLogger } from '@app/logging';
import { loadProjectorConfig } from './config';

const USAGE = `The standalone projector: keeps the read models up to date from the event log (run the API with PROJECTOR=off).

Usage: node dist/apps/projector/src/main.js

Environment: EVENTSTORE_URL (unset: the embedded store's files in DATA_DIR/eventstore, while no API holds them),
DATABASE_URL (unset: DATA_DIR/read-models.sqlite), DATA_DIR (default ./data). SIGTERM or SIGINT stops it.`;

/** The standalone projector (production topology: the API runs with PROJECTOR=off). */
async function main(): Promise<void> {
  parseCommandLine({ name: 'projector', usage: USAGE, options: {} });
  const config = configOrExit(() => loadProjectorConfig('projector'));
  // The store's client and the databases load only now, so that --help and a bad configuration are answered at once.
  const [{ createDatabase, databaseConfigFromEnv }, { Projector, WorkerEventSource }, { connectEventStore }] = await Promise.all([
    import('@app/sql'),
    import('@app/read-models'),
    import('./event-store-connection'),
  ]);
  const logger = libraryLogger(createLogger(config.logLevel), 'projector');
  const starting = (async () => {
    const connection = await connectEventStore(config);
    const db = createDatabase(databaseConfigFromEnv({ DATA_DIR: config.dataDir, DATABASE_URL: config.databaseUrl }));
    const source = new WorkerEventSource(connection.connectionString, connection.client);
    const projector = await Projector.start({ db, source, logger, batchSize: 2000 });
    return { connection, db, projector };
  })();
  // Listening before anything starts: a stop asked for while starting waits for the start, then stops cleanly.
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info('projector stopping', { signal });
    const { connection, db, projector } = await starting;
    await projector.stop();
    await connection.close();
    await db.destroy();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  const { connection } = await starting;
  logger.info('projector running', { eventStore: connection.description, database: config.databaseUrl ? 'postgres' : 'sqlite' });
}

main().catch((error) => {
  createLogger('info').error(
    { context: 'projector', error: error instanceof Error ? error.message : String(error) },
    'projector failed to start',
  );
  process.exit(1);
});

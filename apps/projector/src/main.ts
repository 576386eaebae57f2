import { createDatabase, databaseConfigFromEnv } from '@app/sql';
import { jsonLineLogger, Projector, WorkerEventSource } from '@app/read-models';
import { loadConfig } from '../../api/src/config';
import { connectEventStore } from './event-store-connection';

/** The standalone projector (production topology: the API runs with PROJECTOR=off). */
async function main(): Promise<void> {
  const config = loadConfig();
  const connection = await connectEventStore(config);
  const db = createDatabase(databaseConfigFromEnv({ DATA_DIR: config.dataDir, DATABASE_URL: config.databaseUrl }));
  const source = new WorkerEventSource(connection.connectionString, connection.client);
  const projector = await Projector.start({ db, source, logger: jsonLineLogger, batchSize: 2000 });
  jsonLineLogger.info('projector running', { eventStore: connection.description, database: config.databaseUrl ? 'postgres' : 'sqlite' });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    jsonLineLogger.info('projector stopping', { signal });
    await projector.stop();
    await connection.close();
    await db.destroy();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  jsonLineLogger.error('projector failed to start', { error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});

import { configOrExit, parseCommandLine } from '@app/config';
import { createLogger, libraryLogger } from '@app/logging';
import { startTracingFromEnv } from '@app/tracing';
import { loadProjectorConfig } from './config';
import { healthFileOf, readHealthVerdict, startHealthFile } from './health-file';

const USAGE = `The standalone projector: keeps the read models up to date from the event log (run the API with PROJECTOR=off).

Usage: node dist/apps/projector/src/main.js [--status]

  --status   the health check of a running projector (its container's HEALTHCHECK): exits 0 when the projector
             wrote within the last 30 s that every projection is running within 30 s of the log, else prints why
             and exits 1. The running projector writes DATA_DIR/projector-health.json every 5 s.

Environment: EVENTSTORE_URL (unset: the embedded store's files in DATA_DIR/eventstore, while no API holds them),
DATABASE_URL (unset: DATA_DIR/read-models.sqlite), DATA_DIR (default ./data), OTEL_TRACES_EXPORTER and
OTEL_SERVICE_NAME (traces, off by default; README.md, "Traces"). SIGTERM or SIGINT stops it.`;

/** The standalone projector (production topology: the API runs with PROJECTOR=off). */
async function main(): Promise<void> {
  const line = parseCommandLine({ name: 'projector', usage: USAGE, options: { status: { type: 'boolean' } } });
  const config = configOrExit(() => loadProjectorConfig('projector'));
  const healthFile = healthFileOf(config.dataDir);
  if (line.values.status) {
    const verdict = await readHealthVerdict(healthFile);
    process.stdout.write(`${verdict.reason}\n`);
    process.exit(verdict.healthy ? 0 : 1);
  }
  // The store's client and the databases load only now, so that --help and a bad configuration are answered at once.
  const [{ createDatabase, databaseConfigFromEnv }, { describeProjections, Projector, WorkerEventSource }, { connectEventStore }] =
    await Promise.all([import('@app/sql'), import('@app/read-models'), import('./event-store-connection')]);
  const logger = libraryLogger(createLogger(config.logLevel), 'projector');
  const tracing = await startTracingFromEnv(process.env, 'csp-projector');
  const starting = (async () => {
    const connection = await connectEventStore(config);
    const db = createDatabase(databaseConfigFromEnv({ DATA_DIR: config.dataDir, DATABASE_URL: config.databaseUrl }));
    const source = new WorkerEventSource(connection.connectionString, connection.client);
    const projector = await Projector.start({ db, source, logger, batchSize: 2000 });
    const health = startHealthFile(healthFile, async () => {
      const { status, projections } = await projector.health();
      return status === 'ok' ? { status } : { status, detail: describeProjections(projections) };
    });
    return { connection, db, projector, health };
  })();
  // Listening before anything starts: a stop asked for while starting waits for the start, then stops cleanly.
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info('projector stopping', { signal });
    const { connection, db, projector, health } = await starting;
    await health.stop();
    await projector.stop();
    await connection.close();
    await db.destroy();
    await tracing.shutdown();
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

import { EventStoreDBClient } from '@eventstore/db-client';
import { startEventStoreServerInWorker, type EmbeddedEventStore } from '@app/eventstore-server';
import { createDatabase, databaseConfigFromEnv } from '@app/sql';
import { AggregateStore } from '@app/event-store';
import type { Kysely } from 'kysely';
import { eventStoreDataDir, type AppConfig } from '../config';
import { currentSchemaVersion, upcastEvent } from '@app/domain';
import { libraryLogger, type Logger, type PinoLogger } from '@app/logging';
import { ApiMetrics } from '../metrics/api-metrics';

/** Everything the API holds open: the store connection (and the embedded server), the SQL database. */
export interface Resources {
  config: AppConfig;
  client: EventStoreDBClient;
  /** What `client` was made from: for a thread's own client (the inline projector, audit exports). */
  connectionString: string;
  embedded: EmbeddedEventStore | null;
  aggregates: AggregateStore;
  db: Kysely<any>;
  metrics: ApiMetrics;
  close(): Promise<void>;
}

export interface ResourceHooks {
  /** The embedded store's thread died while serving: nothing can be appended any more. Default: log it. */
  onStoreFailure?(error: Error): void;
}

/** How long a shutdown waits for the store client's calls to end before it closes the store under them. */
const CLIENT_DISPOSE_TIMEOUT_MS = 2_000;

/**
 * `dispose()` waits until every call of the client has ended, and a read stream its consumer abandoned with
 * messages unread never ends (gRPC delivers the status only after the messages). Everything of ours is
 * stopped by then, so after a bounded wait the shutdown goes on (and says so) instead of hanging.
 */
async function disposeWithin(client: EventStoreDBClient, timeoutMs: number, logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const disposed = client.dispose().then(() => true);
  const inTime = await Promise.race([disposed, new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)))]);
  clearTimeout(timer);
  if (!inTime) logger.warn('the event store client still had calls open after dispose(); closing anyway', { timeoutMs });
}

export async function openResources(config: AppConfig, logger: PinoLogger, hooks: ResourceHooks = {}): Promise<Resources> {
  const storeLogger = libraryLogger(logger, 'event-store');
  // The embedded server runs in its own thread so its gRPC, SQLite and fsync bookkeeping use the other
  // core instead of queueing behind HTTP requests on this event loop.
  const embedded = config.eventStoreUrl
    ? null
    : await startEventStoreServerInWorker({
        dataDir: eventStoreDataDir(config),
        host: config.embeddedStore.host,
        port: config.embeddedStore.port,
        logger: storeLogger,
        onFailure: hooks.onStoreFailure,
      });
  const connectionString = config.eventStoreUrl ?? embedded!.connectionString;
  const client = EventStoreDBClient.connectionString(connectionString);
  const metrics = new ApiMetrics();
  const db = createDatabase(databaseConfigFromEnv({ DATA_DIR: config.dataDir, DATABASE_URL: config.databaseUrl }));
  return {
    config,
    client,
    connectionString,
    embedded,
    aggregates: new AggregateStore(client, {
      cacheSize: config.caches.aggregates,
      upcast: upcastEvent,
      schemaVersion: currentSchemaVersion,
      onAppended: (seconds) => metrics.observeAppend(seconds),
    }),
    metrics,
    db,
    async close() {
      await disposeWithin(client, CLIENT_DISPOSE_TIMEOUT_MS, storeLogger);
      await embedded?.stop();
      await db.destroy();
    },
  };
}

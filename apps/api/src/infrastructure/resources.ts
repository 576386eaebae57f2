import { EventStoreDBClient } from '@eventstore/db-client';
import { Logger } from '@nestjs/common';
import { startEventStoreServerInWorker, type EmbeddedEventStore } from '@app/eventstore-server';
import { createDatabase, databaseConfigFromEnv } from '@app/sql';
import { AggregateStore } from '@app/event-store';
import type { Kysely } from 'kysely';
import { eventStoreDataDir, type AppConfig } from '../config';

/** Everything the API holds open: the store connection (and the embedded server), the SQL database. */
export interface Resources {
  config: AppConfig;
  client: EventStoreDBClient;
  embedded: EmbeddedEventStore | null;
  aggregates: AggregateStore;
  db: Kysely<any>;
  close(): Promise<void>;
}

export interface ResourceHooks {
  /** The embedded store's thread died while serving: nothing can be appended any more. Default: log it. */
  onStoreFailure?(error: Error): void;
}

export async function openResources(config: AppConfig, hooks: ResourceHooks = {}): Promise<Resources> {
  const logger = new Logger('event-store');
  // The embedded server runs in its own thread so its gRPC, SQLite and fsync bookkeeping use the other
  // core instead of queueing behind HTTP requests on this event loop.
  const embedded = config.eventStoreUrl
    ? null
    : await startEventStoreServerInWorker({
        dataDir: eventStoreDataDir(config),
        port: 0,
        logger: {
          info: () => undefined,
          warn: (message, fields) => logger.warn(`${message} ${JSON.stringify(fields ?? {})}`),
          error: (message, fields) => logger.error(`${message} ${JSON.stringify(fields ?? {})}`),
        },
        onFailure: hooks.onStoreFailure,
      });
  const client = EventStoreDBClient.connectionString(config.eventStoreUrl ?? embedded!.connectionString);
  const db = createDatabase(databaseConfigFromEnv({ DATA_DIR: config.dataDir, DATABASE_URL: config.databaseUrl }));
  return {
    config,
    client,
    embedded,
    aggregates: new AggregateStore(client),
    db,
    async close() {
      await client.dispose();
      await embedded?.stop();
      await db.destroy();
    },
  };
}

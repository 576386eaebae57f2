import { EventStoreDBClient } from '@eventstore/db-client';
import { startEventStoreServer, type EmbeddedEventStore } from '@app/eventstore-server';
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

export async function openResources(config: AppConfig): Promise<Resources> {
  const embedded = config.eventStoreUrl ? null : await startEventStoreServer({ dataDir: eventStoreDataDir(config), port: 0 });
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

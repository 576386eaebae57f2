import { EventStoreDBClient } from '@eventstore/db-client';
import { startEventStoreServer, type EmbeddedEventStore } from '@app/eventstore-server';
import { eventStoreDataDir, type StorageConfig } from '@app/config';

export interface EventStoreConnection {
  readonly client: EventStoreDBClient;
  readonly connectionString: string;
  readonly description: string;
  close(): Promise<void>;
}

/**
 * `EVENTSTORE_URL` when set. Without it the log is the embedded store's files in `DATA_DIR/eventstore`,
 * opened here: that only works while no API process holds them (stop `npm start`, or run the API with
 * EVENTSTORE_URL pointing at a standalone `npm run eventstore`).
 */
export async function connectEventStore(config: StorageConfig): Promise<EventStoreConnection> {
  if (config.eventStoreUrl) {
    const client = EventStoreDBClient.connectionString(config.eventStoreUrl);
    return { client, connectionString: config.eventStoreUrl, description: config.eventStoreUrl, close: () => client.dispose() };
  }
  let embedded: EmbeddedEventStore;
  try {
    embedded = await startEventStoreServer({ dataDir: eventStoreDataDir(config), port: 0 });
  } catch (error) {
    throw new Error(
      `could not open the embedded event store in ${eventStoreDataDir(config)} (${(error as Error).message}); ` +
        'if the API is running, set EVENTSTORE_URL to a shared event store instead',
      { cause: error },
    );
  }
  const client = EventStoreDBClient.connectionString(embedded.connectionString);
  return {
    client,
    connectionString: embedded.connectionString,
    description: `embedded store in ${eventStoreDataDir(config)}`,
    close: async () => {
      await client.dispose();
      await embedded.stop();
    },
  };
}

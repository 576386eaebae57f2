// Persistent subscriptions with @eventstore/db-client 6.x: every client-observable A7 item.
import * as esdb from '@eventstore/db-client';
import { persistentSuite } from './persistent-suite';

describe('persistent subscriptions with @eventstore/db-client', () =>
  persistentSuite(
    {
      name: '@eventstore/db-client',
      connect: (connectionString) => esdb.EventStoreDBClient.connectionString(connectionString),
      jsonEvent: esdb.jsonEvent,
      binaryEvent: esdb.binaryEvent,
      streamNameFilter: esdb.streamNameFilter,
      eventTypeFilter: esdb.eventTypeFilter,
      pinnedByCorrelation: false,
      streamSettings: esdb.persistentSubscriptionToStreamSettingsFromDefaults,
      allSettings: esdb.persistentSubscriptionToAllSettingsFromDefaults,
    },
    true,
  ));

// The persistent-subscription subset both clients share, with @kurrent/kurrentdb-client 1.x.
// Both clients' generated protobuf code registers its classes in one global namespace, and the last one
// loaded wins. The KurrentDB client has renamed fields (e.g. BatchAppend's deadline), so the server (which
// uses the @eventstore/db-client protocol code) is imported first and this client's code loads last.
import { persistentSuite } from './persistent-suite';
import type * as esdb from '@eventstore/db-client';
import * as kurrent from '@kurrent/kurrentdb-client';

describe('persistent subscriptions with @kurrent/kurrentdb-client', () =>
  persistentSuite(
    {
      name: '@kurrent/kurrentdb-client',
      connect: (connectionString) =>
        kurrent.KurrentDBClient.connectionString(connectionString.replace(/^esdb:/, 'kurrentdb:')) as unknown as esdb.EventStoreDBClient,
      jsonEvent: kurrent.jsonEvent as unknown as typeof esdb.jsonEvent,
      binaryEvent: kurrent.binaryEvent as unknown as typeof esdb.binaryEvent,
      streamNameFilter: kurrent.streamNameFilter as unknown as typeof esdb.streamNameFilter,
      eventTypeFilter: kurrent.eventTypeFilter as unknown as typeof esdb.eventTypeFilter,
      pinnedByCorrelation: true,
      streamSettings:
        kurrent.persistentSubscriptionToStreamSettingsFromDefaults as unknown as typeof esdb.persistentSubscriptionToStreamSettingsFromDefaults,
      allSettings:
        kurrent.persistentSubscriptionToAllSettingsFromDefaults as unknown as typeof esdb.persistentSubscriptionToAllSettingsFromDefaults,
    },
    false,
  ));

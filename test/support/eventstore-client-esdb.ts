// The conformance kit for @eventstore/db-client 6.x, the client the project itself uses.
import * as esdb from '@eventstore/db-client';
import type { ClientKit } from './eventstore-clients';

export const esdbKit: ClientKit = {
  name: '@eventstore/db-client',
  createdResolutionMs: 1,
  forwardsFromEndReadsBackwards: false,
  connect: (connectionString) => esdb.EventStoreDBClient.connectionString(connectionString),
  jsonEvent: esdb.jsonEvent,
  binaryEvent: esdb.binaryEvent,
  excludeSystemEvents: esdb.excludeSystemEvents,
  streamNameFilter: esdb.streamNameFilter,
  eventTypeFilter: esdb.eventTypeFilter,
  expecting: (expected) => ({ expectedRevision: expected }),
  wrongVersion: (error) => {
    const e = error as esdb.WrongExpectedVersionError;
    return { expected: e.expectedVersion, actual: e.actualVersion };
  },
};

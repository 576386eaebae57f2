// The conformance kit for @kurrent/kurrentdb-client 1.x, the renamed successor of the client.
// Its reads and subscriptions go through a Rust gRPC bridge, a second implementation of the wire.
import type * as esdb from '@eventstore/db-client';
import * as kurrent from '@kurrent/kurrentdb-client';
import type { Client, ClientKit } from './eventstore-clients';

export const kurrentKit: ClientKit = {
  name: '@kurrent/kurrentdb-client',
  createdResolutionMs: 1000,
  forwardsFromEndReadsBackwards: true,
  // The KurrentDB client warns on the deprecated esdb:// scheme; the URL is otherwise the same.
  connect: (connectionString) =>
    kurrent.KurrentDBClient.connectionString(
      connectionString.replace(/^esdb(\+discover)?:\/\//, (_, discover) => `kurrentdb${discover ?? ''}://`),
    ) as unknown as Client,
  jsonEvent: kurrent.jsonEvent as unknown as typeof esdb.jsonEvent,
  binaryEvent: kurrent.binaryEvent as unknown as typeof esdb.binaryEvent,
  excludeSystemEvents: kurrent.excludeSystemEvents as unknown as typeof esdb.excludeSystemEvents,
  streamNameFilter: kurrent.streamNameFilter as unknown as typeof esdb.streamNameFilter,
  eventTypeFilter: kurrent.eventTypeFilter as unknown as typeof esdb.eventTypeFilter,
  expecting: (expected) => ({ streamState: expected }) as esdb.AppendToStreamOptions,
  wrongVersion: (error) => {
    const e = error as kurrent.WrongExpectedVersionError;
    return { expected: e.expectedState, actual: e.actualState };
  },
};

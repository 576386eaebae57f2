// The two official Node clients share the EventStoreDB protocol but not every option name:
// @kurrent/kurrentdb-client renamed `expectedRevision` to `streamState` on appends and the
// wrong-expected-version fields to `expectedState`/`actualState`. A kit hides exactly those
// differences so one conformance suite runs unchanged against both.
//
// Each kit lives in its own module and a spec file loads only one of them: both packages ship
// google-protobuf code that registers the same `proto.event_store.*` names on the global object,
// so with both loaded the first client serialises its BatchAppend requests with the other's
// classes and fails ("getDeadline21100 is not a function").
import type * as esdb from '@eventstore/db-client';

export type Client = esdb.EventStoreDBClient;
export type Expected = 'any' | 'no_stream' | 'stream_exists' | bigint;

export interface ClientKit {
  readonly name: string;
  /** The precision of `created` as the client reports it (KurrentDB's Rust-based reads keep seconds). */
  readonly createdResolutionMs: number;
  /** KurrentDB's Rust bridge turns a forwards read from `end` into a backwards read before sending it. */
  readonly forwardsFromEndReadsBackwards: boolean;
  connect(connectionString: string): Client;
  jsonEvent: typeof esdb.jsonEvent;
  binaryEvent: typeof esdb.binaryEvent;
  excludeSystemEvents: typeof esdb.excludeSystemEvents;
  streamNameFilter: typeof esdb.streamNameFilter;
  eventTypeFilter: typeof esdb.eventTypeFilter;
  /** Options that make an append check the stream's revision. */
  expecting(expected: Expected): esdb.AppendToStreamOptions;
  /** The expected and actual revision a WrongExpectedVersionError reports. */
  wrongVersion(error: unknown): { expected: unknown; actual: unknown };
}

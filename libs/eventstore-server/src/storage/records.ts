/** Expected-revision sentinels as the protocol numbers them (A2); any value >= 0 is an exact revision. */
export const ExpectedRevision = {
  any: -2,
  noStream: -1,
  streamExists: -4,
} as const;

/** The server refuses appends whose `data` sizes add up to more than this (A2). */
export const MAX_APPEND_SIZE = 1_048_576;

/** `$tb` value that marks a soft-deleted stream (long.MaxValue in ESDB). */
export const SOFT_DELETED_TB = '9223372036854775807';

/** Revision that tombstone records carry on the wire (long.MaxValue); stored as -1 so it fits an integer column. */
export const TOMBSTONE_WIRE_REVISION = '9223372036854775807';
export const TOMBSTONE_STORED_REVISION = -1;

export const SystemEventTypes = {
  metadata: '$metadata',
  streamDeleted: '$streamDeleted',
  link: '$>',
} as const;

export interface NewEvent {
  /** UUID in canonical lower-case string form. */
  id: string;
  type: string;
  isJson: boolean;
  data: Buffer;
  /** The client's custom metadata, opaque bytes. */
  metadata: Buffer;
}

export interface StoredEvent {
  /** Global log position; commit == prepare == this. */
  position: number;
  stream: string;
  /** Stream revision, or TOMBSTONE_STORED_REVISION for a tombstone record. */
  revision: number;
  id: string;
  type: string;
  isJson: boolean;
  data: Buffer;
  metadata: Buffer;
  /** Write time in Unix milliseconds. */
  created: number;
}

export type WriteOutcome =
  | { kind: 'ok'; revision: number; position: number | null }
  | { kind: 'wrong-expected-version'; current: number; expected: number }
  | { kind: 'stream-deleted' }
  | { kind: 'too-big'; maxAppendSize: number }
  | { kind: 'timeout' };

export const metastreamOf = (stream: string): string => `$$${stream}`;
export const isMetastream = (stream: string): boolean => stream.startsWith('$$');
export const streamOfMetastream = (metastream: string): string => metastream.slice(2);

/** .NET ticks (100 ns) since the Unix epoch, as the decimal string the protocol carries. */
export const createdTicks = (createdMs: number): string => `${createdMs}0000`;

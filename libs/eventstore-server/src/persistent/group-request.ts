import { CreateReq, UpdateReq } from '@eventstore/db-client/generated/persistent_pb';
import type { StreamIdentifier } from '@eventstore/db-client/generated/shared_pb';
import { streamNameOf } from '../grpc/request-fields';
import type { EventLog } from '../storage';
import { InvalidPersistentRequest, PersistentSubscriptionFailure } from './errors';
import { filterFromProto, type EventFilterSpec } from './event-filter';
import { ALL_STREAM, type GroupStart } from './group-target';
import type { GroupDefinition } from './group-definition';
import { settingsFromProto } from './settings';

/** What a Create or Update asks for, before the store is consulted for an END start. */
export interface GroupRequest {
  eventSource: string;
  group: string;
  start: GroupStart;
  /** Undefined on Update of a `$all` group: the filter cannot be changed there. */
  filter: EventFilterSpec | null | undefined;
  settings: ReturnType<typeof settingsFromProto>;
}

const UINT64_MAX = 18446744073709551615n;

function revisionStart(text: string): GroupStart {
  let value: bigint;
  try {
    value = BigInt(text || '0');
  } catch {
    throw new PersistentSubscriptionFailure(`Invalid start revision ${text}`);
  }
  if (value === UINT64_MAX) return { kind: 'end' };
  if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new PersistentSubscriptionFailure(`Invalid start revision ${text}`);
  }
  return value === 0n ? { kind: 'start' } : { kind: 'revision', revision: Number(value) };
}

function positionStart(position: CreateReq.Position | UpdateReq.Position | undefined): GroupStart {
  if (!position) throw new PersistentSubscriptionFailure('A start position is required');
  let commit: bigint;
  let prepare: bigint;
  try {
    commit = BigInt(position.getCommitPosition());
    prepare = BigInt(position.getPreparePosition());
  } catch {
    throw new PersistentSubscriptionFailure('Invalid start position');
  }
  if (commit === UINT64_MAX && prepare === UINT64_MAX) return { kind: 'end' };
  if (prepare > commit) throw new PersistentSubscriptionFailure('The prepare position must not exceed the commit position');
  if (commit > BigInt(Number.MAX_SAFE_INTEGER)) throw new PersistentSubscriptionFailure('Invalid start position');
  return { kind: 'position', commit: Number(commit), prepare: Number(prepare) };
}

function groupNameOf(options: { getGroupName(): string }): string {
  const group = options.getGroupName();
  if (group === '') throw new InvalidPersistentRequest('Group name must not be empty');
  return group;
}

function streamStart(
  options: CreateReq.Options | UpdateReq.Options,
  settingsRevision: string,
): { stream: StreamIdentifier | undefined; start: GroupStart } {
  const streamOptions = options.getStream();
  if (!streamOptions) return { stream: options.getStreamIdentifier(), start: revisionStart(settingsRevision) };
  switch (streamOptions.getRevisionOptionCase()) {
    case CreateReq.StreamOptions.RevisionOptionCase.START:
      return { stream: streamOptions.getStreamIdentifier(), start: { kind: 'start' } };
    case CreateReq.StreamOptions.RevisionOptionCase.END:
      return { stream: streamOptions.getStreamIdentifier(), start: { kind: 'end' } };
    case CreateReq.StreamOptions.RevisionOptionCase.REVISION:
      return { stream: streamOptions.getStreamIdentifier(), start: revisionStart(streamOptions.getRevision()) };
    default:
      return { stream: streamOptions.getStreamIdentifier(), start: revisionStart(settingsRevision) };
  }
}

function allStart(all: CreateReq.AllOptions | UpdateReq.AllOptions): GroupStart {
  switch (all.getAllOptionCase()) {
    case CreateReq.AllOptions.AllOptionCase.START:
      return { kind: 'start' };
    case CreateReq.AllOptions.AllOptionCase.END:
      return { kind: 'end' };
    case CreateReq.AllOptions.AllOptionCase.POSITION:
      return positionStart(all.getPosition());
    default:
      throw new PersistentSubscriptionFailure('A start for the $all subscription is required');
  }
}

/** Both the deprecated stream form (6.2.1: top-level identifier + `settings.revision`) and the newer one. */
export function parseGroupRequest(request: CreateReq | UpdateReq): GroupRequest {
  const options = request.getOptions();
  if (!options) throw new InvalidPersistentRequest('Options are required');
  const group = groupNameOf(options);
  const settings = settingsFromProto(options.getSettings());
  const all = options.getAll();
  if (all) {
    let filter: EventFilterSpec | null | undefined;
    if (all instanceof CreateReq.AllOptions) {
      const filterOptions = all.getFilter();
      filter = filterOptions ? filterFromProto(filterOptions) : null;
    }
    return { eventSource: ALL_STREAM, group, start: allStart(all), filter, settings };
  }
  const { stream, start } = streamStart(options, options.getSettings()?.getRevision() ?? '');
  const eventSource = streamNameOf(stream);
  if (eventSource === ALL_STREAM) throw new PersistentSubscriptionFailure('A $all subscription needs the $all options');
  return { eventSource, group, start, filter: null, settings };
}

/** The first source point to read without a checkpoint; an END start is the end right now. */
export function firstPointOf(storage: EventLog, eventSource: string, start: GroupStart): number {
  const isAll = eventSource === ALL_STREAM;
  switch (start.kind) {
    case 'start':
      return 0;
    case 'end':
      return isAll ? storage.headPosition() + 1 : storage.streamState(eventSource).lastRevision + 1;
    case 'revision':
      return start.revision;
    case 'position': {
      const head = storage.headPosition();
      if (start.commit > head) {
        throw new PersistentSubscriptionFailure(`The start position C:${start.commit}/P:${start.prepare} is beyond the end of the log`);
      }
      return start.commit;
    }
  }
}

export function definitionOf(storage: EventLog, request: GroupRequest): GroupDefinition {
  return {
    eventSource: request.eventSource,
    group: request.group,
    start: request.start,
    filter: request.filter ?? null,
    settings: request.settings,
    firstPoint: firstPointOf(storage, request.eventSource, request.start),
  };
}

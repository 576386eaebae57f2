import type { StreamIdentifier } from '@eventstore/db-client/generated/shared_pb';
import { streamNameOf } from '../grpc/request-fields';
import { InvalidPersistentRequest } from './errors';
import { ALL_STREAM } from './group-target';

interface TargetOptions {
  getGroupName(): string;
  hasAll(): boolean;
  getStreamIdentifier(): StreamIdentifier | undefined;
}

/** The `{stream_identifier | all, group_name}` pair most requests carry. */
export function eventSourceOf(options: TargetOptions | undefined): { eventSource: string; group: string } {
  if (!options) throw new InvalidPersistentRequest('Options are required');
  const group = options.getGroupName();
  if (group === '') throw new InvalidPersistentRequest('Group name must not be empty');
  const eventSource = options.hasAll() ? ALL_STREAM : streamNameOf(options.getStreamIdentifier());
  return { eventSource, group };
}

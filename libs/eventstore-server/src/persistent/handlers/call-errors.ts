import { status, type ServiceError, type sendUnaryData } from '@grpc/grpc-js';
import { BadRequest } from '../../grpc/request-fields';
import { failed, invalidArgument, InvalidPersistentRequest, PersistentSubscriptionFailure } from '../errors';
import type { GroupLog } from '../persistent-group';

const isServiceError = (error: unknown): error is ServiceError =>
  error instanceof Error && typeof (error as Partial<ServiceError>).code === 'number';

/** Every refusal as the gRPC error the client maps (ESDB-WIRE A9); anything unexpected is logged as INTERNAL. */
export function toServiceError(error: unknown, names: { stream: string; group: string }, log: GroupLog): ServiceError {
  if (error instanceof BadRequest) return error.grpc as ServiceError;
  if (error instanceof InvalidPersistentRequest) return invalidArgument(error.message);
  if (error instanceof PersistentSubscriptionFailure) return failed(names.stream, names.group, error.reason);
  if (isServiceError(error)) return error;
  log('error', 'persistent subscription request failed', { ...names, error: `${error}` });
  return Object.assign(new Error('Internal error'), { code: status.INTERNAL, details: 'Internal error' }) as ServiceError;
}

/** Runs a unary handler and answers with its result or its mapped error. */
export function answer<T>(
  callback: sendUnaryData<T>,
  names: () => { stream: string; group: string },
  log: GroupLog,
  work: () => Promise<T>,
): void {
  work().then(
    (response) => callback(null, response),
    (error: unknown) => callback(toServiceError(error, names(), log)),
  );
}

/** Stream and group names for error trailers, readable even from a request that fails validation. */
export function namesOf(
  options:
    | {
        getGroupName(): string;
        getStreamIdentifier?(): { getStreamName_asU8(): Uint8Array } | undefined;
        hasAll?(): boolean;
      }
    | undefined,
): { stream: string; group: string } {
  if (!options) return { stream: '', group: '' };
  const identifier = options.getStreamIdentifier?.();
  const stream = options.hasAll?.() ? '$all' : identifier ? Buffer.from(identifier.getStreamName_asU8()).toString('utf8') : '';
  return { stream, group: options.getGroupName() };
}

/** Names for Create and Update, whose newer form nests the stream identifier in `stream`. */
export function groupRequestNames(
  options:
    | (Parameters<typeof namesOf>[0] & {
        getStream(): { getStreamIdentifier(): { getStreamName_asU8(): Uint8Array } | undefined } | undefined;
      })
    | undefined,
): { stream: string; group: string } {
  const names = namesOf(options);
  const identifier = options?.getStream()?.getStreamIdentifier();
  if (identifier) names.stream = Buffer.from(identifier.getStreamName_asU8()).toString('utf8');
  return names;
}

import { Metadata, status, type ServiceError } from '@grpc/grpc-js';

/** A request the real server refuses with `persistent-subscription-failed` and a reason (bad settings or start). */
export class PersistentSubscriptionFailure extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'PersistentSubscriptionFailure';
  }
}

/** A malformed request: refused before anything is looked up or written. */
export class InvalidPersistentRequest extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidPersistentRequest';
  }
}

function serviceError(code: status, details: string, trailers: Record<string, string>): ServiceError {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  return Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details, metadata });
}

/** The texts below are the real server's; client tests snapshot them (ESDB-WIRE A7/A9). */
export function doesNotExist(stream: string, group: string): ServiceError {
  return serviceError(status.NOT_FOUND, `Subscription group ${group} on stream ${stream} does not exist.`, {
    exception: 'persistent-subscription-does-not-exist',
    'stream-name': stream,
    'group-name': group,
  });
}

export function alreadyExists(stream: string, group: string): ServiceError {
  return serviceError(status.ALREADY_EXISTS, `Subscription group ${group} on stream ${stream} exists.`, {
    exception: 'persistent-subscription-exists',
    'stream-name': stream,
    'group-name': group,
  });
}

export function failed(stream: string, group: string, reason: string): ServiceError {
  return serviceError(status.INTERNAL, `Subscription group ${group} on stream ${stream} failed: '${reason}'`, {
    exception: 'persistent-subscription-failed',
    'stream-name': stream,
    'group-name': group,
    reason,
  });
}

export function maximumSubscribersReached(stream: string, group: string): ServiceError {
  return serviceError(
    status.FAILED_PRECONDITION,
    `Maximum subscriptions reached for subscription group '${group}' on stream '${stream}.'`,
    { exception: 'maximum-subscribers-reached', 'stream-name': stream, 'group-name': group },
  );
}

/** Mapped by its trailer, so the client reports a drop instead of reconnecting. */
export function dropped(stream: string, group: string): ServiceError {
  return serviceError(status.CANCELLED, `Subscription group '${group}' on stream '${stream}' was dropped.`, {
    exception: 'persistent-subscription-dropped',
    'stream-name': stream,
    'group-name': group,
  });
}

export function invalidArgument(message: string): ServiceError {
  return serviceError(status.INVALID_ARGUMENT, message, {});
}

/** The subsystem is shutting down; UNAVAILABLE makes the client reconnect rather than give up. */
export function shuttingDown(): ServiceError {
  return serviceError(status.UNAVAILABLE, 'Server Is Shutting Down', {});
}

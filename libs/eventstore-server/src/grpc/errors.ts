import { Metadata, status, type ServiceError } from '@grpc/grpc-js';

/** A gRPC error with the `exception` trailer and its companions, exactly as the client parses them (A9). */
export function grpcError(code: status, details: string, trailers: Record<string, string> = {}): ServiceError {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  return Object.assign(new Error(details), { code, details, metadata });
}

export const streamDeleted = (stream: string): ServiceError =>
  grpcError(status.FAILED_PRECONDITION, `Event stream '${stream}' is deleted.`, {
    exception: 'stream-deleted',
    'stream-name': stream,
  });

export const wrongExpectedVersion = (stream: string, expected: number, current: number): ServiceError =>
  grpcError(
    status.FAILED_PRECONDITION,
    `Append failed due to WrongExpectedVersion. Stream: ${stream}, Expected version: ${expected}, Actual version: ${current}`,
    {
      exception: 'wrong-expected-version',
      'stream-name': stream,
      'expected-version': String(expected),
      'actual-version': current < 0 ? '' : String(current),
    },
  );

export const maximumAppendSizeExceeded = (maxAppendSize: number): ServiceError =>
  grpcError(status.INVALID_ARGUMENT, `Maximum Append Size of ${maxAppendSize} Exceeded.`, {
    exception: 'maximum-append-size-exceeded',
    'maximum-append-size': String(maxAppendSize),
  });

export const missingRequiredMetadata = (): ServiceError =>
  grpcError(status.INVALID_ARGUMENT, 'Required Metadata Properties Missing: type, content-type', {
    exception: 'missing-required-metadata-property',
    'required-metadata-properties': 'type,content-type',
  });

export const appendTimeout = (): ServiceError => grpcError(status.ABORTED, 'Operation timed out');

export const internalError = (): ServiceError => grpcError(status.INTERNAL, 'Internal error');

export const serverStopping = (): ServiceError => grpcError(status.UNAVAILABLE, 'Server is shutting down');

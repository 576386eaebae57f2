import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty } from 'google-protobuf/google/protobuf/empty_pb';
import { ExpectedRevision, WriteOutcome } from '../../storage';
import { BatchAppendResp, shared, status } from '../protocol';
import { fieldSize, ProtoWriter, varintFieldSize } from '../proto-writer';
import type { PendingBatch } from './batch-append';

/** What a reply echoes of its request: the correlation id and stream identifier messages as they were sent. */
export interface Echo {
  correlation: Buffer;
  identifier: Buffer | undefined;
}

// google.rpc.Code values the real server puts in the in-band error.
export const Code = { unknown: 2, invalidArgument: 3, deadlineExceeded: 4, alreadyExists: 6, failedPrecondition: 9 };

/**
 * BatchAppend errors travel inside the reply as google.rpc.Status; the client only looks at the
 * type name of `details`, so every error carries one (A2).
 */
export function errorResponse(code: number, message: string, typeName: string, detail: { serializeBinary(): Uint8Array }): BatchAppendResp {
  const details = new Any();
  details.pack(detail.serializeBinary(), typeName);
  return new BatchAppendResp().setError(new status.Status().setCode(code).setMessage(message).setDetails(details));
}

/**
 * The reply to a batch, as the bytes the call writes. Success, the hot reply, is encoded by hand
 * (see proto-writer.ts); the rest through the generated classes.
 */
export function resultResponse(batch: PendingBatch, outcome: WriteOutcome): Buffer {
  let response: BatchAppendResp;
  switch (outcome.kind) {
    case 'ok':
      return successResponse(batch, outcome.revision, outcome.position);
    case 'wrong-expected-version': {
      const detail = new shared.WrongExpectedVersion();
      if (outcome.current < 0) detail.setCurrentNoStream(new Empty());
      else detail.setCurrentStreamRevision(String(outcome.current));
      if (outcome.expected === ExpectedRevision.any) detail.setExpectedAny(new Empty());
      else if (outcome.expected === ExpectedRevision.streamExists) detail.setExpectedStreamExists(new Empty());
      else if (outcome.expected === ExpectedRevision.noStream) detail.setExpectedNoStream(new Empty());
      else detail.setExpectedStreamPosition(String(outcome.expected));
      response = errorResponse(Code.alreadyExists, 'Wrong expected version', 'event_store.client.WrongExpectedVersion', detail);
      break;
    }
    case 'stream-deleted':
      response = errorResponse(
        Code.failedPrecondition,
        `Event stream '${batch.stream}' is deleted.`,
        'event_store.client.StreamDeleted',
        new shared.StreamDeleted().setStreamIdentifier(shared.StreamIdentifier.deserializeBinary(batch.identifier ?? EMPTY)),
      );
      break;
    case 'too-big': {
      const detail = new shared.MaximumAppendSizeExceeded().setMaxappendsize(outcome.maxAppendSize);
      response = errorResponse(
        Code.invalidArgument,
        'Maximum append size exceeded',
        'event_store.client.MaximumAppendSizeExceeded',
        detail,
      );
      break;
    }
    case 'timeout':
      response = errorResponse(Code.deadlineExceeded, 'Timeout', 'event_store.client.Timeout', new shared.Timeout());
      break;
  }
  setExpectation(response, batch.expected);
  return withEcho(response, batch);
}

/** A generated reply with the request's correlation id and stream identifier, serialized. */
export function withEcho(response: BatchAppendResp, echo: Echo): Buffer {
  response.setCorrelationId(shared.UUID.deserializeBinary(echo.correlation));
  response.setStreamIdentifier(
    echo.identifier ? shared.StreamIdentifier.deserializeBinary(echo.identifier) : new shared.StreamIdentifier(),
  );
  return Buffer.from(response.serializeBinary());
}

// Field numbers from streams.proto and shared.proto, in the order the generated encoder writes them.
const REPLY = { correlation: 1, success: 3, identifier: 4, streamPosition: 5, noStream: 6, any: 7, streamExists: 8 };
const SUCCESS = { currentRevision: 1, noStream: 2, position: 3, noPosition: 4 };
const POSITION = { commit: 1, prepare: 2 };

/** Byte for byte what the generated encoder writes for the same reply. */
function successResponse(batch: PendingBatch, revision: number, position: number | null): Buffer {
  const identifier = batch.identifier ?? EMPTY;
  // A zero position is left out, as proto3 leaves out a zero scalar outside a oneof.
  const positionSize = position ? varintFieldSize(POSITION.commit, position) + varintFieldSize(POSITION.prepare, position) : 0;
  const successSize =
    (revision < 0 ? fieldSize(SUCCESS.noStream, 0) : varintFieldSize(SUCCESS.currentRevision, revision)) +
    (position === null ? fieldSize(SUCCESS.noPosition, 0) : fieldSize(SUCCESS.position, positionSize));
  const expectationSize = batch.expected >= 0 ? varintFieldSize(REPLY.streamPosition, batch.expected) : fieldSize(REPLY.any, 0);
  const writer = new ProtoWriter(
    fieldSize(REPLY.correlation, batch.correlation.length) +
      fieldSize(REPLY.success, successSize) +
      fieldSize(REPLY.identifier, identifier.length) +
      expectationSize,
  );
  writer.bytesField(REPLY.correlation, batch.correlation);
  writer.header(REPLY.success, successSize);
  if (revision < 0) writer.header(SUCCESS.noStream, 0);
  else writer.varintField(SUCCESS.currentRevision, revision);
  if (position === null) writer.header(SUCCESS.noPosition, 0);
  else {
    writer.header(SUCCESS.position, positionSize);
    if (position) {
      writer.varintField(POSITION.commit, position);
      writer.varintField(POSITION.prepare, position);
    }
  }
  writer.bytesField(REPLY.identifier, identifier);
  if (batch.expected >= 0) writer.varintField(REPLY.streamPosition, batch.expected);
  else if (batch.expected === ExpectedRevision.any) writer.header(REPLY.any, 0);
  else if (batch.expected === ExpectedRevision.streamExists) writer.header(REPLY.streamExists, 0);
  else writer.header(REPLY.noStream, 0);
  return writer.finish();
}

const EMPTY = Buffer.alloc(0);

function setExpectation(response: BatchAppendResp, expected: number): void {
  if (expected === ExpectedRevision.any) response.setAny(new Empty());
  else if (expected === ExpectedRevision.streamExists) response.setStreamExists(new Empty());
  else if (expected === ExpectedRevision.noStream) response.setNoStream(new Empty());
  else response.setStreamPosition(String(expected));
}

import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty } from 'google-protobuf/google/protobuf/empty_pb';
import { ExpectedRevision, WriteOutcome } from '../../storage';
import { BatchAppendResp, shared, status } from '../protocol';
import type { PendingBatch } from './batch-append';

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

export function resultResponse(batch: PendingBatch, outcome: WriteOutcome): BatchAppendResp {
  let response: BatchAppendResp;
  switch (outcome.kind) {
    case 'ok': {
      const success = new BatchAppendResp.Success();
      if (outcome.revision < 0) success.setNoStream(new Empty());
      else success.setCurrentRevision(String(outcome.revision));
      if (outcome.position === null) success.setNoPosition(new Empty());
      else {
        const position = String(outcome.position);
        success.setPosition(new shared.AllStreamPosition().setCommitPosition(position).setPreparePosition(position));
      }
      response = new BatchAppendResp().setSuccess(success);
      break;
    }
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
        new shared.StreamDeleted().setStreamIdentifier(batch.identifier),
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
  return response.setCorrelationId(batch.correlation).setStreamIdentifier(batch.identifier);
}

function setExpectation(response: BatchAppendResp, expected: number): void {
  if (expected === ExpectedRevision.any) response.setAny(new Empty());
  else if (expected === ExpectedRevision.streamExists) response.setStreamExists(new Empty());
  else if (expected === ExpectedRevision.noStream) response.setNoStream(new Empty());
  else response.setStreamPosition(String(expected));
}

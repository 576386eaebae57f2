import { AppendReq, AppendResp, Empty, type StreamsPb } from '../protocol';
import type { sendUnaryData, ServerReadableStream } from '@grpc/grpc-js';
import { ExpectedRevision, MAX_APPEND_SIZE, NewEvent, WriteOutcome } from '../../storage';
import type { HandlerContext } from '../context';
import { appendTimeout, internalError, maximumAppendSizeExceeded, streamDeleted } from '../errors';
import { BadRequest, badArgument, expectedRevisionOf, streamNameOf, toNewEvent } from '../request-fields';

const revisionCases = {
  [AppendReq.Options.ExpectedStreamRevisionCase.REVISION]: 'revision',
  [AppendReq.Options.ExpectedStreamRevisionCase.NO_STREAM]: 'no_stream',
  [AppendReq.Options.ExpectedStreamRevisionCase.ANY]: 'any',
  [AppendReq.Options.ExpectedStreamRevisionCase.STREAM_EXISTS]: 'stream_exists',
  [AppendReq.Options.ExpectedStreamRevisionCase.EXPECTED_STREAM_REVISION_NOT_SET]: 'unset',
} as const;

/** Streams.Append: options first, then proposed messages; written only when the client half-closes. */
export function handleAppend(ctx: HandlerContext) {
  return (call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>): void => {
    let stream: string | undefined;
    let expected = ExpectedRevision.any as number;
    const events: NewEvent[] = [];
    let size = 0;
    let refused: Error | undefined;
    let answered = false;

    call.on('data', (request: AppendReq) => {
      if (refused) return;
      try {
        if (stream === undefined) {
          const options = request.getOptions();
          if (!options) throw badArgument('The first append message must carry options');
          stream = streamNameOf(options.getStreamIdentifier());
          expected = expectedRevisionOf(revisionCases[options.getExpectedStreamRevisionCase()], options.getRevision());
          return;
        }
        const message = request.getProposedMessage();
        if (!message) throw badArgument('Expected a proposed message');
        const event = toNewEvent(message);
        size += event.data.length;
        if (size > MAX_APPEND_SIZE) {
          // Answer now rather than after the client has streamed the rest of an append that cannot succeed.
          refused = maximumAppendSizeExceeded(MAX_APPEND_SIZE);
          callback(refused);
          answered = true;
        } else events.push(event);
      } catch (error) {
        refused = error instanceof BadRequest ? error.grpc : internalError();
      }
    });
    call.on('error', () => (refused = refused ?? internalError()));
    // A client that resets the stream can still produce 'end'; wait a turn so its cancellation is seen.
    call.on('end', () => setImmediate(() => complete()));
    const complete = () => {
      if (call.cancelled || answered) return;
      if (refused) return callback(refused);
      if (stream === undefined) return callback(badArgument('Append without options').grpc);
      const name = stream;
      ctx.storage.append(name, expected, events).then(
        (outcome) => reply(outcome, name, expected, callback),
        (error) => {
          ctx.logger.error('append failed', { stream: name, error: String(error) });
          callback(internalError());
        },
      );
    };
  };
}

function reply(outcome: WriteOutcome, stream: string, expected: number, callback: sendUnaryData<AppendResp>): void {
  switch (outcome.kind) {
    case 'ok': {
      const success = new AppendResp.Success();
      if (outcome.revision < 0) success.setNoStream(new Empty());
      else success.setCurrentRevision(String(outcome.revision));
      if (outcome.position === null) success.setNoPosition(new Empty());
      else {
        const position = String(outcome.position);
        success.setPosition(new AppendResp.Position().setCommitPosition(position).setPreparePosition(position));
      }
      return callback(null, new AppendResp().setSuccess(success));
    }
    case 'wrong-expected-version':
      return callback(null, new AppendResp().setWrongExpectedVersion(wrongExpectedVersion(outcome.current, expected)));
    case 'stream-deleted':
      return callback(streamDeleted(stream));
    case 'too-big':
      return callback(maximumAppendSizeExceeded(outcome.maxAppendSize));
    case 'timeout':
      return callback(appendTimeout());
  }
}

function wrongExpectedVersion(current: number, expected: number): StreamsPb.AppendResp.WrongExpectedVersion {
  const wev = new AppendResp.WrongExpectedVersion();
  if (current < 0) wev.setCurrentNoStream(new Empty()).setNoStream2060(new Empty());
  else wev.setCurrentRevision(String(current)).setCurrentRevision2060(current);
  if (expected === ExpectedRevision.any) wev.setExpectedAny(new Empty()).setAny2060(new Empty());
  else if (expected === ExpectedRevision.streamExists) {
    wev.setExpectedStreamExists(new Empty()).setStreamExists2060(new Empty());
  } else if (expected === ExpectedRevision.noStream) wev.setExpectedNoStream(new Empty());
  else wev.setExpectedRevision(String(expected)).setExpectedRevision2060(expected);
  return wev;
}

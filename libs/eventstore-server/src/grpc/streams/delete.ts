import { DeleteReq, DeleteResp, Empty, type StreamsPb, TombstoneReq, TombstoneResp } from '../protocol';
import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import type { WriteOutcome } from '../../storage';
import type { HandlerContext } from '../context';
import { appendTimeout, internalError, streamDeleted, wrongExpectedVersion } from '../errors';
import { BadRequest, expectedRevisionOf, streamNameOf } from '../request-fields';

const Case = DeleteReq.Options.ExpectedStreamRevisionCase;
const revisionCases = {
  [Case.REVISION]: 'revision',
  [Case.NO_STREAM]: 'no_stream',
  [Case.ANY]: 'any',
  [Case.STREAM_EXISTS]: 'stream_exists',
  [Case.EXPECTED_STREAM_REVISION_NOT_SET]: 'unset',
} as const;

type Options = StreamsPb.DeleteReq.Options | StreamsPb.TombstoneReq.Options;
type Reply = DeleteResp | TombstoneResp;

/** Shared by Delete (soft) and Tombstone (hard): same commit check, WEV as a gRPC error (A5). */
function handleDeletion<Req extends { getOptions(): Options | undefined }, Resp extends Reply>(
  ctx: HandlerContext,
  write: (stream: string, expected: number) => Promise<WriteOutcome>,
  reply: (position: number | null) => Resp,
) {
  return (call: ServerUnaryCall<Req, Resp>, callback: sendUnaryData<Resp>): void => {
    let stream: string;
    let expected: number;
    try {
      const options = call.request.getOptions();
      stream = streamNameOf(options?.getStreamIdentifier());
      expected = expectedRevisionOf(revisionCases[options!.getExpectedStreamRevisionCase()], options!.getRevision());
    } catch (error) {
      return callback(error instanceof BadRequest ? error.grpc : internalError());
    }
    write(stream, expected).then(
      (outcome) => {
        switch (outcome.kind) {
          case 'ok':
            return callback(null, reply(outcome.position));
          case 'wrong-expected-version':
            return callback(wrongExpectedVersion(stream, expected, outcome.current));
          case 'stream-deleted':
            return callback(streamDeleted(stream));
          default:
            return callback(appendTimeout());
        }
      },
      (error) => {
        ctx.logger.error('delete failed', { stream, error: String(error) });
        callback(internalError());
      },
    );
  };
}

export const handleDelete = (ctx: HandlerContext) =>
  handleDeletion<DeleteReq, DeleteResp>(
    ctx,
    (stream, expected) => ctx.storage.softDelete(stream, expected),
    (position) =>
      position === null
        ? new DeleteResp().setNoPosition(new Empty())
        : new DeleteResp().setPosition(new DeleteResp.Position().setCommitPosition(String(position)).setPreparePosition(String(position))),
  );

export const handleTombstone = (ctx: HandlerContext) =>
  handleDeletion<TombstoneReq, TombstoneResp>(
    ctx,
    (stream, expected) => ctx.storage.tombstone(stream, expected),
    (position) =>
      position === null
        ? new TombstoneResp().setNoPosition(new Empty())
        : new TombstoneResp().setPosition(
            new TombstoneResp.Position().setCommitPosition(String(position)).setPreparePosition(String(position)),
          ),
  );

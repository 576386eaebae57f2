import { type BatchAppendResp, shared } from '../protocol';
import type { ServerDuplexStream } from '@grpc/grpc-js';
import { MAX_APPEND_SIZE, NewEvent } from '../../storage';
import type { BatchAppendRequest } from '../batch-append-request';
import type { HandlerContext } from '../context';
import { serverStopping } from '../errors';
import { BadRequest, expectedRevisionOf, newEventOf, streamNameFromBytes } from '../request-fields';
import { Code, type Echo, errorResponse, resultResponse, withEcho } from './batch-append-replies';

const QUIET_BEFORE_END_MS = 100;

export interface PendingBatch extends Echo {
  stream: string;
  expected: number;
  deadlineMs?: number;
  events: NewEvent[];
  size: number;
}

/**
 * Streams.BatchAppend: one long-lived call per client channel, multiplexed by correlation id.
 * Every correlation id gets exactly one reply, always carrying correlation_id and stream_identifier,
 * and the call stays open after replies; it ends only when the client half-closes it.
 */
export function handleBatchAppend(ctx: HandlerContext) {
  return (call: ServerDuplexStream<BatchAppendRequest, Buffer>): void => {
    const pending = new Map<string, PendingBatch>();
    /** Correlation ids already answered early (too big, timed out, bad) whose remaining chunks are ignored. */
    const answered = new Set<string>();
    let inFlight = 0;
    let clientDone = false;
    let finished = false;
    let onFinished: () => void = () => undefined;
    const whenFinished = new Promise<void>((resolve) => (onFinished = resolve));
    let quietTimer: NodeJS.Timeout | undefined;

    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(quietTimer);
      unregister();
      onFinished();
    };
    const endIfDone = () => {
      if (clientDone && inFlight === 0 && !finished) {
        finish();
        call.end();
      }
    };
    // On shutdown the call stays open until it has been quiet for a moment, so an append already on
    // the wire still gets its reply. It then ends with UNAVAILABLE, not OK: the client never
    // half-closes this call, and only an error status lets it settle (and dispose) the stream.
    const endWhenQuiet = () => {
      clearTimeout(quietTimer);
      quietTimer = setTimeout(() => {
        if (inFlight > 0 || pending.size > 0) return endWhenQuiet();
        finish();
        if (!call.cancelled) call.emit('error', serverStopping());
      }, QUIET_BEFORE_END_MS);
    };
    let closing = false;
    const unregister = ctx.live.add(
      {
        close: () => {
          closing = true;
          endWhenQuiet();
          return whenFinished;
        },
      },
      false,
    );
    const send = (response: Buffer) => {
      if (!finished && !call.cancelled) call.write(response);
    };

    call.on('data', (request: BatchAppendRequest) => {
      if (closing) endWhenQuiet();
      const { correlation, correlationId: id, options } = request;
      if (!correlation || !id) {
        ctx.logger.warn('batch append chunk without a usable correlation id ignored');
        return;
      }
      if (answered.has(id)) {
        if (request.isFinal) answered.delete(id);
        return;
      }
      let batch = pending.get(id);
      const identifier = options?.identifier ?? batch?.identifier;
      const refuse = (response: BatchAppendResp) => {
        pending.delete(id);
        if (!request.isFinal) answered.add(id);
        send(withEcho(response, { correlation, identifier }));
      };
      try {
        if (!batch) {
          if (!options) throw new BadRequest(new Error('The first chunk of a batch must carry options'));
          batch = {
            correlation,
            identifier,
            stream: streamNameFromBytes(options.streamName),
            expected: expectedRevisionOf(options.expectedCase, options.streamPosition),
            deadlineMs: options.deadlineMs,
            events: [],
            size: 0,
          };
          pending.set(id, batch);
        }
        if (batch.deadlineMs !== undefined && Date.now() > batch.deadlineMs) {
          return refuse(errorResponse(Code.deadlineExceeded, 'Timeout', 'event_store.client.Timeout', new shared.Timeout()));
        }
        for (const message of request.messages) {
          const event = newEventOf(message);
          batch.size += event.data.length;
          batch.events.push(event);
        }
        if (batch.size > MAX_APPEND_SIZE) {
          const detail = new shared.MaximumAppendSizeExceeded().setMaxappendsize(MAX_APPEND_SIZE);
          return refuse(
            errorResponse(
              Code.invalidArgument,
              `Maximum Append Size of ${MAX_APPEND_SIZE} Exceeded.`,
              'event_store.client.MaximumAppendSizeExceeded',
              detail,
            ),
          );
        }
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return refuse(
          errorResponse(Code.invalidArgument, message, 'event_store.client.BadRequest', new shared.BadRequest().setMessage(message)),
        );
      }
      if (!request.isFinal) return;
      pending.delete(id);
      inFlight++;
      const ready = batch;
      ctx.storage
        .append(ready.stream, ready.expected, ready.events, ready.deadlineMs)
        .then(
          (outcome) => send(resultResponse(ready, outcome)),
          (error) => {
            ctx.logger.error('batch append failed', { stream: ready.stream, error: String(error) });
            send(withEcho(errorResponse(Code.unknown, 'Internal error', 'event_store.client.Unknown', new shared.Unknown()), ready));
          },
        )
        .finally(() => {
          inFlight--;
          endIfDone();
        });
    });
    call.on('end', () => {
      clientDone = true;
      endIfDone();
    });
    call.on('error', () => undefined);
    call.on('cancelled', finish);
  };
}

import type { ReadReq } from '../protocol';
import type { ServerWritableStream } from '@grpc/grpc-js';
import type { EventLog } from '../../storage';
import type { HandlerContext } from '../context';
import { internalError, streamDeleted } from '../errors';
import { BadRequest } from '../request-fields';
import { CallWriter } from './call-writer';
import { AllStart, parseReadRequest, ReadRequest, StreamStart } from './read-options';
import { eventReply, streamNotFoundReply } from './read-replies';
import { runSubscription } from './subscription';

/**
 * Rows fetched from SQLite per step: enough to amortise the query, few enough that the event loop is soon free again.
 * A long read goes at the pace of the reader's HTTP/2 window (64 KiB with the official client), and the reader waits
 * whenever the window update that frees the next bytes lands while a fetch holds the loop: shorter fetches keep those
 * waits short (bench/audit/export-verify.js).
 */
const READ_PAGE = 100;

/** Streams.Read: plain reads of a stream or `$all`, and catch-up subscriptions. */
export function handleRead(ctx: HandlerContext) {
  return (call: ServerWritableStream<ReadReq, Buffer>): void => {
    const writer = new CallWriter(call);
    let request: ReadRequest;
    try {
      request = parseReadRequest(call.request);
    } catch (error) {
      writer.fail(error instanceof BadRequest ? error.grpc : internalError());
      return;
    }
    const run = request.subscription ? runSubscription(ctx, request, writer) : read(ctx.storage, request, writer);
    run.catch((error) => {
      ctx.logger.error('read failed', { error: String(error) });
      writer.fail(internalError());
    });
  };
}

async function read(storage: EventLog, request: ReadRequest, writer: CallWriter): Promise<void> {
  if (request.source.kind === 'stream') {
    await readStream(storage, request, request.source.stream, request.source.from, writer);
  } else await readAll(storage, request, request.source.from, writer);
}

async function readStream(storage: EventLog, request: ReadRequest, stream: string, start: StreamStart, writer: CallWriter): Promise<void> {
  let remaining = request.count ?? 0;
  let from: number | 'start' | 'end' = start.kind === 'revision' ? start.revision : start.kind;
  const direction = request.backwards ? 'backwards' : 'forwards';
  let first = true;
  while (remaining > 0 && writer.isOpen) {
    const result = storage.readStream(stream, { direction, from, limit: Math.min(READ_PAGE, remaining) });
    if (result.status === 'deleted') {
      if (first) return writer.fail(streamDeleted(stream));
      break;
    }
    if (result.status === 'not-found') {
      if (first) await writer.write(streamNotFoundReply(stream));
      break;
    }
    first = false;
    const events = result.events;
    if (events.length === 0) break;
    for (const event of events) {
      if (!(await writer.write(eventReply(storage, event, request.resolveLinks, request.structuredIds)))) return;
    }
    remaining -= events.length;
    const last = events[events.length - 1].revision;
    from = request.backwards ? last - 1 : last + 1;
    if (from < 0) break;
  }
  writer.end();
}

async function readAll(storage: EventLog, request: ReadRequest, start: AllStart, writer: CallWriter): Promise<void> {
  let remaining = request.count ?? 0;
  const head = storage.headPosition();
  // Forwards is inclusive of the start position, backwards reads strictly before it (A3).
  let cursor: number;
  if (request.backwards) cursor = start.kind === 'position' ? start.position : start.kind === 'end' ? head + 1 : 0;
  else cursor = start.kind === 'position' ? start.position : start.kind === 'end' ? head + 1 : 0;
  while (remaining > 0 && writer.isOpen) {
    const page = request.backwards ? storage.readAllBackward(cursor, READ_PAGE) : storage.readAllForward(cursor, READ_PAGE);
    if (page.length === 0) break;
    for (const event of page) {
      if (request.filter && !request.filter.matches(event)) continue;
      if (!(await writer.write(eventReply(storage, event, request.resolveLinks, request.structuredIds)))) return;
      if (--remaining === 0) break;
    }
    const last = page[page.length - 1].position;
    cursor = request.backwards ? last : last + 1;
  }
  writer.end();
}

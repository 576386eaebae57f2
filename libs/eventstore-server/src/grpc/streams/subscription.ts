import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { HandlerContext } from '../context';
import { streamDeleted } from '../errors';
import { CallWriter } from './call-writer';
import { ReadRequest } from './read-options';
import { caughtUpReply, checkpointReply, confirmationReply, eventReply } from './read-replies';

const PAGE = 500;
/** On stop, a subscription still writing after this long is ended where it is: its client stopped reading. */
const STOP_GRACE_MS = 300;

/** What one step of a subscription did: how many records it fetched (fewer than a page: the end), or that the call is over. */
type Step = number | 'ended';

/**
 * Catch-up subscription (A4): confirmation, history, caught-up once, then live. History and live
 * events come from the same place: the storage, read after a cursor that only moves forward. The
 * commit listener is registered before the first read and only wakes the loop, so the switch from
 * catch-up to live can neither miss nor repeat an event.
 */
export async function runSubscription(ctx: HandlerContext, request: ReadRequest, writer: CallWriter): Promise<void> {
  const { storage } = ctx;
  const source = request.source;
  const streamName = source.kind === 'stream' ? source.stream : undefined;
  // Set by every commit of interest; cleared just before each read.
  let dirty: boolean;
  let wake: (() => void) | undefined;
  let stopping = false;
  const unlisten = storage.onCommitted((group) => {
    if (streamName !== undefined && !group.touched.has(streamName)) return;
    dirty = true;
    wake?.();
  });
  let finished: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const unregister = ctx.live.add(
    {
      close: async () => {
        stopping = true;
        wake?.();
        // A consumer that stopped reading would keep the loop waiting for 'drain' forever.
        const stalled = await Promise.race([done.then(() => false), delay(STOP_GRACE_MS, true, { ref: false })]);
        if (stalled) writer.end();
        await done;
      },
    },
    true,
  );

  try {
    let step: () => Promise<Step>;
    let checkpointPosition = () => 0;
    if (source.kind === 'stream') {
      const stream = source.stream;
      let cursor =
        source.from.kind === 'start' ? -1 : source.from.kind === 'end' ? storage.streamState(stream).lastRevision : source.from.revision;
      step = async () => {
        const result = storage.readStream(stream, { direction: 'forwards', from: cursor + 1, limit: PAGE });
        if (result.status === 'deleted') {
          const tombstone = storage.tombstoneRecord(stream);
          if (tombstone) await writer.write(eventReply(storage, tombstone, false, request.structuredIds));
          writer.fail(streamDeleted(stream));
          return 'ended';
        }
        if (result.status === 'not-found') return 0;
        for (const event of result.events) {
          if (!(await writer.write(eventReply(storage, event, request.resolveLinks, request.structuredIds)))) return 'ended';
          cursor = event.revision;
        }
        return result.events.length;
      };
    } else {
      let cursor = source.from.kind === 'start' ? 0 : source.from.kind === 'end' ? storage.headPosition() : source.from.position;
      const filter = request.filter;
      let considered = 0;
      checkpointPosition = () => cursor;
      step = async () => {
        const page = storage.readAllForward(cursor + 1, PAGE);
        for (const event of page) {
          cursor = event.position;
          if (filter) {
            considered++;
            if (filter.matches(event)) {
              if (!(await writer.write(eventReply(storage, event, request.resolveLinks, request.structuredIds)))) return 'ended';
            }
            if (considered % filter.checkpointInterval === 0 && !(await writer.write(checkpointReply(event.position)))) {
              return 'ended';
            }
          } else if (!(await writer.write(eventReply(storage, event, request.resolveLinks, request.structuredIds)))) {
            return 'ended';
          }
        }
        return page.length;
      };
    }

    if (!(await writer.write(confirmationReply(randomUUID())))) return;
    let caughtUp = false;
    while (writer.isOpen && !stopping) {
      dirty = false;
      const fetched = await step();
      if (fetched === 'ended') return;
      // A short page reached the head as of that read; anything committed since has set `dirty`.
      if (fetched === PAGE) continue;
      if (!caughtUp) {
        caughtUp = true;
        if (request.filter && !(await writer.write(checkpointReply(checkpointPosition())))) return;
        if (!(await writer.write(caughtUpReply()))) return;
      }
      if (dirty || stopping) continue;
      await writer.waitFor((resolve) => (wake = resolve));
      wake = undefined;
    }
    if (stopping) writer.end();
  } finally {
    unlisten();
    unregister();
    finished();
  }
}

import { partnersConcernedBy, upcastEvent } from '@app/domain';
import { eventLine, linkOf, redactedLine, type ExportEnd, type ExportTally, type StreamEvent } from '@app/audit';
import { LineChunks } from './line-chunks';

/** Lines go out in chunks of about this many bytes: one socket write per chunk rather than per event. */
export const CHUNK = 64 * 1024;

/** The partners an event is about, judged on its current shape (the line still carries the data as stored). */
export function partnersOf(event: StreamEvent): readonly string[] {
  const schemaVersion = (event.metadata as { schemaVersion?: unknown } | undefined)?.schemaVersion;
  return partnersConcernedBy(
    event.type,
    upcastEvent(event.type, typeof schemaVersion === 'number' ? schemaVersion : 1, event.data as Record<string, unknown>),
  );
}

/**
 * Writes events as export lines into chunks, each event's head noted in `end`: its full line, or a redacted line where
 * `redactFor` is set and the event is not about that partner.
 */
export class EventChunks {
  constructor(
    private readonly redactFor: string | undefined,
    private readonly end: ExportEnd,
    private readonly chunks: LineChunks,
  ) {}

  /** Writes the event's line; returns the chunks it filled, most often none. */
  add(event: StreamEvent): readonly Buffer[] {
    const { redactFor } = this;
    const position = event.position.commit;
    const visible = redactFor === undefined || partnersOf(event).includes(redactFor);
    const line = visible
      ? eventLine({
          stream: event.streamId,
          revision: event.revision,
          position,
          id: event.id,
          type: event.type,
          created: event.created,
          data: event.data,
          metadata: event.metadata,
        })
      : redactedLine({ stream: event.streamId, revision: event.revision, position, metadata: event.metadata });
    this.end.add(event.streamId, event.revision, position, linkOf(event.metadata) ?? { prev: null, hash: '' });
    return this.chunks.add(line);
  }
}

/** The event lines of `pages`, in chunks (`EventChunks`). */
export async function* eventChunks(
  pages: AsyncIterable<readonly StreamEvent[]>,
  redactFor: string | undefined,
  end: ExportEnd,
  chunks: LineChunks,
): AsyncGenerator<Buffer> {
  const lines = new EventChunks(redactFor, end, chunks);
  for await (const page of pages) {
    for (const event of page) {
      const full = lines.add(event);
      // No await for the many lines that fill no chunk.
      if (full.length > 0) yield* full;
    }
  }
}

/**
 * The head lines of `end` and the last chunks, once the event lines are written; returns what the manifest signs. Cut
 * short (the client gone), it ends the reading of the heads, so that `end` can be closed.
 */
export function* headChunks(end: ExportEnd, chunks: LineChunks): Generator<Buffer, ExportTally> {
  const heads = end.headLines();
  try {
    let head = heads.next();
    for (; !head.done; head = heads.next()) yield* chunks.add(head.value);
    yield* chunks.end();
    return head.value;
  } finally {
    heads.return({ count: 0, streams: 0, headsDigest: '' });
  }
}

import { partnersConcernedBy, upcastEvent } from '@app/domain';
import { toCloudEvent } from '../feed/cloud-event';
import type { FeedEntry } from './recent-events';

/** An event as `$all` delivers it (the client library's recorded event, without what the feed does not use). */
export interface RecordedEvent {
  id: string;
  streamId: string;
  revision: bigint;
  type: string;
  position: { commit: bigint };
  created: Date;
  data: unknown;
  metadata?: unknown;
}

const NO_FRAME = Buffer.alloc(0);

/**
 * The feed's entry for an event: upcast to its current shape (the one mechanism every reader of the log uses),
 * shown to the partners it concerns, framed once for Server-Sent Events with its commit position as the `id:`.
 * JSON is one line, so one `data:` line carries it.
 */
export function feedEntryOf(event: RecordedEvent, source: string): FeedEntry {
  const position = event.position.commit;
  const json = typeof event.data === 'object' && event.data !== null && !(event.data instanceof Uint8Array);
  if (!json || event.type.startsWith('$')) return { position, type: event.type, partners: [], frame: NO_FRAME };
  const stored = (event.metadata as { schemaVersion?: unknown } | undefined)?.schemaVersion;
  const data = upcastEvent(event.type, typeof stored === 'number' ? stored : 1, event.data as Record<string, unknown>);
  const cloudEvent = toCloudEvent(
    { id: event.id, streamId: event.streamId, revision: event.revision, position, type: event.type, created: event.created, data },
    source,
  );
  return {
    position,
    type: event.type,
    partners: partnersConcernedBy(event.type, data),
    frame: encoded(`id: ${position}\ndata: ${JSON.stringify(cloudEvent)}\n\n`),
  };
}

/**
 * The frame's bytes in memory of their own, exactly as long as they are: held for as long as the hub keeps the
 * event, a slice of Node's shared buffer pool (Buffer.from) would keep the whole pool slab alive with it, and be
 * reserved for the string's worst-case length.
 */
function encoded(text: string): Buffer {
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
  bytes.write(text);
  return bytes;
}

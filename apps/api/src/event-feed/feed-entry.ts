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

/**
 * The feed's entry for an event: upcast to its current shape (the one mechanism every reader of the log uses),
 * shown to the partners it concerns, framed once for Server-Sent Events with its commit position as the `id:`.
 * JSON is one line, so one `data:` line carries it.
 */
export function feedEntryOf(event: RecordedEvent, source: string): FeedEntry {
  const position = event.position.commit;
  const json = typeof event.data === 'object' && event.data !== null && !(event.data instanceof Uint8Array);
  if (!json || event.type.startsWith('$')) return { position, type: event.type, partners: [], frame: '' };
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
    frame: `id: ${position}\ndata: ${JSON.stringify(cloudEvent)}\n\n`,
  };
}

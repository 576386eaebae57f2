import type { EventStoreDBClient } from '@eventstore/db-client';
import type { AuditIndexEntry } from '@app/read-models';
import { readSpans, type StoredEvent } from './history-entry';

const key = (streamId: string, revision: number) => `${revision}@${streamId}`;

/**
 * The stored events behind a page of index entries, in the entries' order, read back from their streams by revision
 * (a handful of range reads per page, run together). The store is the one copy of history; the index says where.
 */
export async function readStoredEvents(client: EventStoreDBClient, entries: readonly AuditIndexEntry[]): Promise<StoredEvent[]> {
  const found = new Map<string, StoredEvent>();
  await Promise.all(
    readSpans(entries).map(async (span) => {
      for await (const resolved of client.readStream(span.streamId, { fromRevision: BigInt(span.from), maxCount: span.count })) {
        const event = resolved.event;
        if (!event) continue;
        const revision = Number(event.revision);
        found.set(key(span.streamId, revision), {
          streamId: span.streamId,
          revision,
          type: event.type,
          data: event.data,
          metadata: event.metadata,
        });
      }
    }),
  );
  return entries.map((entry) => {
    const stored = found.get(key(entry.streamId, entry.revision));
    // The index only names events the store appended; a miss means the store lost one, which history must not hide.
    if (!stored) throw new Error(`indexed event ${entry.streamId}@${entry.revision} is not in the store`);
    return stored;
  });
}

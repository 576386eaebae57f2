import type { AuditIndexEntry } from '@app/read-models';
import type { StoredEvent, StoredStreams } from '../shared/stored-streams';

/**
 * The stored events behind a page of index entries, in the entries' order, read back from their streams by revision
 * (each stream once, through the page's last revision in it). The store is the one copy of history; the index says where.
 */
export async function storedEventsOf(streams: StoredStreams, entries: readonly AuditIndexEntry[]): Promise<StoredEvent[]> {
  const last = new Map<string, number>();
  for (const { streamId, revision } of entries) last.set(streamId, Math.max(revision, last.get(streamId) ?? -1));
  const read = new Map(
    await Promise.all([...last].map(async ([stream, revision]) => [stream, await streams.through(stream, revision)] as const)),
  );
  return entries.map((entry) => {
    const stored = read.get(entry.streamId)?.[entry.revision];
    // The index only names events the store appended; a miss means the store lost one, which history must not hide.
    if (!stored) throw new Error(`indexed event ${entry.streamId}@${entry.revision} is not in the store`);
    return stored;
  });
}

import type { AuditIndexEntry } from '@app/read-models';

/** An event as the store holds it: data and metadata exactly as written, never upcast. */
export interface StoredEvent {
  readonly streamId: string;
  readonly revision: number;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
}

/** One entry of an audit history: where the event is, who caused it and why, and the event as stored. */
export interface HistoryEntry {
  readonly position: string;
  readonly stream: string;
  readonly revision: number;
  readonly type: string;
  readonly time: string;
  readonly actor: Record<string, unknown> | null;
  readonly reason?: string;
  readonly confirmations?: Record<string, boolean>;
  readonly correlationId: string | null;
  readonly causationId: string | null;
  readonly command: string | null;
  readonly data: unknown;
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * The entry of one indexed event. The reason and the confirmations are lifted from the data where the event has them
 * (a removal's reason, its good-faith and notice confirmations), so an auditor reads them without knowing each type.
 */
export function historyEntry(entry: AuditIndexEntry, stored: StoredEvent): HistoryEntry {
  const data = record(stored.data);
  const metadata = record(stored.metadata);
  const confirmations = Object.entries(data).filter(([key, value]) => key.endsWith('Confirmed') && typeof value === 'boolean');
  const reason = text(data.reason);
  return {
    position: String(entry.commit),
    stream: entry.streamId,
    revision: entry.revision,
    type: entry.type,
    time: entry.recordedAt,
    actor: typeof metadata.actor === 'object' && metadata.actor !== null ? record(metadata.actor) : null,
    ...(reason === null ? {} : { reason }),
    ...(confirmations.length === 0 ? {} : { confirmations: Object.fromEntries(confirmations) as Record<string, boolean> }),
    correlationId: text(metadata.correlationId),
    causationId: text(metadata.causationId),
    command: text(metadata.command),
    data: stored.data,
  };
}

/** A contiguous range of one stream's revisions to read back in one call. */
export interface ReadSpan {
  readonly streamId: string;
  readonly from: number;
  readonly count: number;
}

/**
 * The reads that fetch a page's events: one span per run of a stream's revisions, where a gap of at most `maxGap`
 * unwanted revisions is read through (a partner's entries interleave with other partners' in a customer stream, and a
 * few extra events cost less than another round trip).
 */
export function readSpans(entries: readonly Pick<AuditIndexEntry, 'streamId' | 'revision'>[], maxGap = 32): ReadSpan[] {
  const byStream = new Map<string, number[]>();
  for (const { streamId, revision } of entries) {
    const revisions = byStream.get(streamId);
    if (revisions) revisions.push(revision);
    else byStream.set(streamId, [revision]);
  }
  const spans: ReadSpan[] = [];
  for (const [streamId, revisions] of byStream) {
    revisions.sort((a, b) => a - b);
    let from = revisions[0];
    let last = from;
    for (const revision of revisions.slice(1)) {
      if (revision - last - 1 > maxGap) {
        spans.push({ streamId, from, count: last - from + 1 });
        from = revision;
      }
      last = revision;
    }
    spans.push({ streamId, from, count: last - from + 1 });
  }
  return spans;
}

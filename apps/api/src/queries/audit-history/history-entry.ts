import type { AuditIndexEntry } from '@app/read-models';
import type { StoredEvent } from '../shared/stored-streams';

/** One entry of an audit history: where the event is, who caused it and why, and the event as stored. */
export interface HistoryEntry {
  readonly position: string;
  readonly stream: string;
  readonly revision: number;
  readonly type: string;
  /** The version of `type` that `data` has: the one it was written with (never upcast). */
  readonly schemaVersion: number;
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
 * The entry of one indexed event. Its data is shown exactly as stored, with the schema version it was written with,
 * never upcast: the history is the record the hash chain seals and exports reproduce, so an auditor compares like with
 * like, and docs/events/catalogue.json has the schema of every version it can meet. The reason and the confirmations are lifted from the data where the event has them
 * (a removal's reason, its good-faith and notice confirmations), so an auditor reads them without knowing each type.
 */
export function historyEntry(entry: AuditIndexEntry, stored: Pick<StoredEvent, 'data' | 'metadata'>): HistoryEntry {
  const data = record(stored.data);
  const metadata = record(stored.metadata);
  const confirmations = Object.entries(data).filter(([key, value]) => key.endsWith('Confirmed') && typeof value === 'boolean');
  const reason = text(data.reason);
  return {
    position: String(entry.commit),
    stream: entry.streamId,
    revision: entry.revision,
    type: entry.type,
    schemaVersion: typeof metadata.schemaVersion === 'number' ? metadata.schemaVersion : 1,
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

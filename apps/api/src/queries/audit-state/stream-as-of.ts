import { upcastEvent, type AnyDomainEvent } from '@app/domain';
import type { StoredEvent, StoredStreams } from '../shared/stored-streams';

/** Where history is cut: events recorded at or before a time, or at or before a commit position; or now. */
export type Moment = { readonly at: string } | { readonly position: number } | { readonly now: true };

export interface StreamAsOf {
  /** False when the stream has no event at all (at any moment). */
  readonly exists: boolean;
  /** The stream's events up to the moment, upcast as the command path reads them. */
  readonly events: AnyDomainEvent[];
  /** Commit position of the last event folded (decimal), null when none was. */
  readonly position: string | null;
}

const schemaVersionOf = (metadata: unknown): number => {
  const version = typeof metadata === 'object' && metadata !== null ? (metadata as { schemaVersion?: unknown }).schemaVersion : undefined;
  return typeof version === 'number' ? version : 1;
};

/** Whether an event lies after the moment. A cut is a prefix of the stream: its order is the log's. */
export function pastMoment(moment: Moment): (event: Pick<StoredEvent, 'commit' | 'createdMs'>) => boolean {
  if ('now' in moment) return () => false;
  if ('at' in moment) {
    const at = Date.parse(moment.at);
    return (event) => event.createdMs > at;
  }
  const position = BigInt(moment.position);
  return (event) => event.commit > position;
}

/**
 * A stream cut at a moment. The events come back upcast exactly as the command path would see them, so the same
 * `evolve` folds them; `exists` tells a stream with no event yet at the moment from one that has none at all.
 */
export async function readStreamAsOf(streams: StoredStreams, stream: string, moment: Moment): Promise<StreamAsOf> {
  const cut = await streams.until(stream, pastMoment(moment));
  const events = cut.map(
    (e) => ({ type: e.type, data: upcastEvent(e.type, schemaVersionOf(e.metadata), e.data as Record<string, unknown>) }) as AnyDomainEvent,
  );
  const exists = cut.length > 0 || (await streams.through(stream, 0)).length > 0;
  return { exists, events, position: cut.length === 0 ? null : cut[cut.length - 1].commit.toString() };
}

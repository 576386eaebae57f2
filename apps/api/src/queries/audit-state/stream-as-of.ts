import type { EventStoreDBClient } from '@eventstore/db-client';
import { upcastEvent, type AnyDomainEvent } from '@app/domain';

/** Where history is cut: events recorded at or before a time, or at or before a commit position. */
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

/**
 * A stream cut at a moment, read with the raw client in one forward read (to its end, so the read is never left
 * open). The events come back upcast exactly as the command path would see them, so the same `evolve` folds them.
 */
export async function readStreamAsOf(client: EventStoreDBClient, stream: string, moment: Moment): Promise<StreamAsOf> {
  const atMs = 'at' in moment ? Date.parse(moment.at) : undefined;
  const events: AnyDomainEvent[] = [];
  let position: string | null = null;
  let exists = false;
  // A cut is a prefix of the stream: once one event is past the moment, so is every later one.
  let past = false;
  try {
    for await (const resolved of client.readStream(stream)) {
      const event = resolved.event;
      if (!event || !event.isJson) continue;
      exists = true;
      const commit = event.position?.commit ?? 0n;
      past ||= !(
        'now' in moment ||
        (atMs !== undefined ? event.created.getTime() <= atMs : commit <= BigInt((moment as { position: number }).position))
      );
      if (past) continue;
      const data = upcastEvent(event.type, schemaVersionOf(event.metadata), event.data as Record<string, unknown>);
      events.push({ type: event.type, data } as AnyDomainEvent);
      position = commit.toString();
    }
  } catch (error) {
    if ((error as { type?: string }).type !== 'stream-not-found') throw error;
  }
  return { exists, events, position };
}

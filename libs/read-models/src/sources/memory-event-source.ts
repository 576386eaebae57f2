import { comparePositions, LogPosition, ProjectionEvent } from '../projection';
import { EventSource, LogHead, SourceMessage, SourceSubscription } from './event-source';

/**
 * An in-process log with the same subscription contract as `$all`: catch-up from a position (exclusive),
 * a caught-up marker, then live events. Tests use it to drive the projector fast and to cut the
 * connection (`disconnectAll`) at chosen moments.
 */
export class MemoryEventSource implements EventSource {
  private readonly events: ProjectionEvent[] = [];
  private readonly live = new Set<{ wake: () => void; fail: (error: Error) => void }>();
  private nextCommit = 1;
  private readonly revisions = new Map<string, number>();

  append(...events: { type: string; data: unknown; streamId: string; id?: string; createdAt?: string }[]): ProjectionEvent[] {
    const appended = events.map((event) => {
      const commit = this.nextCommit++;
      const revision = (this.revisions.get(event.streamId) ?? -1) + 1;
      this.revisions.set(event.streamId, revision);
      return {
        id: event.id ?? `00000000-0000-4000-8000-${commit.toString(16).padStart(12, '0')}`,
        type: event.type,
        data: event.data,
        streamId: event.streamId,
        revision,
        position: { commit: commit * 100, prepare: commit * 100 },
        createdAt: event.createdAt ?? new Date().toISOString(),
      };
    });
    for (const event of appended) this.events.push(event);
    for (const listener of this.live) listener.wake();
    return appended;
  }

  all(): readonly ProjectionEvent[] {
    return this.events;
  }

  disconnectAll(reason = 'connection lost'): void {
    for (const listener of this.live) listener.fail(new Error(reason));
  }

  subscribe(after: LogPosition | undefined): SourceSubscription {
    let index = after ? this.events.findIndex((e) => comparePositions(e.position, after) > 0) : 0;
    if (index < 0) index = this.events.length;
    let closed = false;
    let failure: Error | undefined;
    let waiting: (() => void) | undefined;
    const listener = {
      wake: () => waiting?.(),
      fail: (error: Error) => {
        failure = error;
        waiting?.();
      },
    };
    this.live.add(listener);
    const events = this.events;
    const live = this.live;
    async function* messages(): AsyncGenerator<SourceMessage> {
      let caughtUp = false;
      try {
        while (!closed) {
          if (failure) throw failure;
          if (index < events.length) {
            yield { kind: 'event', event: events[index++] };
            continue;
          }
          if (!caughtUp) {
            caughtUp = true;
            yield { kind: 'caughtUp' };
            continue;
          }
          await new Promise<void>((resolve) => (waiting = resolve));
          waiting = undefined;
        }
      } finally {
        live.delete(listener);
      }
    }
    const iterator = messages();
    return {
      [Symbol.asyncIterator]: () => iterator,
      close: async () => {
        closed = true;
        live.delete(listener);
        waiting?.();
      },
    };
  }

  async head(): Promise<LogHead | undefined> {
    const last = this.events[this.events.length - 1];
    return last && { position: last.position, createdAt: last.createdAt };
  }

  async countAfter(after: LogPosition | undefined, limit: number): Promise<number> {
    const count = after ? this.events.filter((e) => comparePositions(e.position, after) > 0).length : this.events.length;
    return Math.min(count, limit);
  }
}

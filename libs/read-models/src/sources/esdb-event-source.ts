import {
  EventStoreDBClient,
  excludeSystemEvents,
  BACKWARDS,
  END,
  START,
  ResolvedEvent,
  AllStreamResolvedEvent,
} from '@eventstore/db-client';
import { upcastEvent } from '@app/domain';
import type { UpcastFn } from '@app/event-store';
import { LogPosition, ProjectionEvent } from '../projection';
import { EventSource, LogHead, SourceMessage, SourceSubscription } from './event-source';
import { MessageQueue } from './message-queue';

const toPosition = (position: { commit: bigint; prepare: bigint }): LogPosition => ({
  commit: Number(position.commit),
  prepare: Number(position.prepare),
});

function toProjectionEvent(resolved: ResolvedEvent | AllStreamResolvedEvent, upcast: UpcastFn): ProjectionEvent | undefined {
  const event = resolved.event;
  if (!event || !event.isJson || !event.position) return undefined;
  const { schemaVersion, traceparent } = (event.metadata ?? {}) as { schemaVersion?: unknown; traceparent?: unknown };
  return {
    id: event.id,
    type: event.type,
    data: upcast(event.type, typeof schemaVersion === 'number' ? schemaVersion : 1, event.data as Record<string, unknown>),
    streamId: event.streamId,
    revision: Number(event.revision),
    position: toPosition(event.position),
    createdAt: event.created.toISOString(),
    traceparent: typeof traceparent === 'string' ? traceparent : undefined,
  };
}

/** `$all` of EventStoreDB (or the embedded server) through the official client, system events filtered by the server. */
export class EsdbEventSource implements EventSource {
  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: { upcast?: UpcastFn; queueCapacity?: number } = {},
  ) {}

  private decode(resolved: ResolvedEvent | AllStreamResolvedEvent): ProjectionEvent | undefined {
    return toProjectionEvent(resolved, this.options.upcast ?? upcastEvent);
  }

  subscribe(after: LogPosition | undefined): SourceSubscription {
    const subscription = this.client.subscribeToAll({
      fromPosition: after ? { commit: BigInt(after.commit), prepare: BigInt(after.prepare) } : START,
      filter: excludeSystemEvents(),
      resolveLinkTos: false,
    });
    const queue = new MessageQueue<SourceMessage>(
      this.options.queueCapacity ?? 4096,
      () => subscription.pause(),
      () => subscription.resume(),
    );
    subscription.on('data', (resolved) => {
      const event = this.decode(resolved);
      if (event) queue.push({ kind: 'event', event });
    });
    subscription.on('caughtUp', () => queue.push({ kind: 'caughtUp' }));
    subscription.on('error', (error) => queue.fail(error));
    subscription.on('end', () => queue.fail(new Error('the $all subscription ended')));
    return {
      [Symbol.asyncIterator]: () => queue[Symbol.asyncIterator](),
      close: async () => {
        queue.end();
        await subscription.unsubscribe();
      },
    };
  }

  async head(): Promise<LogHead | undefined> {
    let head: LogHead | undefined;
    // Read the bounded window to its end: a read left open keeps the client from ever being disposed.
    for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 50 })) {
      const event = head ? undefined : this.decode(resolved);
      if (event && !event.type.startsWith('$')) head = { position: event.position, createdAt: event.createdAt };
    }
    return head;
  }

  async countAfter(after: LogPosition | undefined, limit: number): Promise<number> {
    let count = 0;
    const read = this.client.readAll({
      fromPosition: after ? { commit: BigInt(after.commit), prepare: BigInt(after.prepare) } : START,
      maxCount: limit + 1,
    });
    for await (const resolved of read) {
      const event = this.decode(resolved);
      if (!event || event.type.startsWith('$')) continue;
      if (after && event.position.commit === after.commit && event.position.prepare === after.prepare) continue;
      count++;
    }
    return Math.min(count, limit);
  }
}

import type { ProjectionEvent } from '../projection';
import type { SourceMessage } from './event-source';

export interface EventBatch {
  readonly events: readonly ProjectionEvent[];
  /** The subscription reached the head of the log with this batch (which may then be empty). */
  readonly caughtUp: boolean;
}

const LINGER = Symbol('linger');

/**
 * A subscription's events in batches, for consumers that write one transaction per batch (the projector, the
 * webhook outbox): a batch is handed over when it is full, when `lingerMs` have passed since its first event (one
 * timer per batch, not per event), or when the subscription catches up. Ends when the subscription ends.
 */
export async function* eventBatches(
  subscription: AsyncIterable<SourceMessage>,
  options: { readonly batchSize: number; readonly lingerMs: number },
): AsyncGenerator<EventBatch> {
  const iterator = subscription[Symbol.asyncIterator]();
  let batch: ProjectionEvent[] = [];
  let pending: Promise<IteratorResult<SourceMessage>> | undefined;
  let linger: Promise<typeof LINGER> | undefined;
  for (;;) {
    pending ??= iterator.next();
    if (batch.length > 0) linger ??= new Promise((resolve) => setTimeout(() => resolve(LINGER), options.lingerMs));
    else linger = undefined;
    const next = linger ? await Promise.race([pending, linger]) : await pending;
    if (next === LINGER) {
      linger = undefined;
      yield { events: takeAll(), caughtUp: false };
      continue;
    }
    pending = undefined;
    const result = next as IteratorResult<SourceMessage>;
    if (result.done) return;
    const message = result.value;
    if (message.kind === 'event') batch.push(message.event);
    else if (message.kind === 'events') for (const event of message.events) batch.push(event);
    if (message.kind === 'caughtUp') yield { events: takeAll(), caughtUp: true };
    else if (batch.length >= options.batchSize) yield { events: takeAll(), caughtUp: false };
  }

  function takeAll(): ProjectionEvent[] {
    const events = batch;
    batch = [];
    return events;
  }
}

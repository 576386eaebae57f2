import type { Consumer } from './consumer';
import type { GroupMessage } from './message';
import { correlationKeyOf, pinnedStreamOf } from './message';
import type { ConsumerStrategyName } from './settings';

/** `full`: nobody can take anything now; `skip`: this message must wait, later ones may still go. */
export type Pick = Consumer | 'full' | 'skip';

export interface ConsumerStrategy {
  pick(consumers: readonly Consumer[], message: GroupMessage): Pick;
}

/** Rotates among connections with free slots. */
class RoundRobin implements ConsumerStrategy {
  private next = 0;

  pick(consumers: readonly Consumer[]): Pick {
    for (let tried = 0; tried < consumers.length; tried++) {
      const consumer = consumers[(this.next + tried) % consumers.length];
      if (consumer.freeSlots > 0) {
        this.next = (this.next + tried + 1) % consumers.length;
        return consumer;
      }
    }
    return 'full';
  }
}

/** Fills the first connection until its buffer is full, then the next. */
class DispatchToSingle implements ConsumerStrategy {
  pick(consumers: readonly Consumer[]): Pick {
    return consumers.find((consumer) => consumer.freeSlots > 0) ?? 'full';
  }
}

const BUCKETS = 1024;

/** FNV-1a over UTF-16 code units: stable across restarts, unlike object identity. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    value ^= text.charCodeAt(i);
    value = Math.imul(value, 0x01000193) >>> 0;
  }
  return value;
}

/**
 * A key's bucket (the stream, or the correlation id) stays with one connection while it is connected, which
 * keeps per-key order; buckets are spread over the connections by load and move only when their connection
 * leaves.
 */
class Pinned implements ConsumerStrategy {
  private readonly owner = new Map<number, Consumer>();

  constructor(private readonly keyOf: (message: GroupMessage) => string) {}

  pick(consumers: readonly Consumer[], message: GroupMessage): Pick {
    if (!consumers.some((consumer) => consumer.freeSlots > 0)) return 'full';
    const bucket = hash(this.keyOf(message)) % BUCKETS;
    let consumer = this.owner.get(bucket);
    if (!consumer || !consumers.includes(consumer)) {
      consumer = this.leastLoaded(consumers);
      this.owner.set(bucket, consumer);
    }
    return consumer.freeSlots > 0 ? consumer : 'skip';
  }

  private leastLoaded(consumers: readonly Consumer[]): Consumer {
    const counts = new Map<Consumer, number>(consumers.map((consumer) => [consumer, 0]));
    for (const [bucket, consumer] of this.owner) {
      if (counts.has(consumer)) counts.set(consumer, counts.get(consumer)! + 1);
      else this.owner.delete(bucket);
    }
    return consumers.reduce((best, consumer) => (counts.get(consumer)! < counts.get(best)! ? consumer : best));
  }
}

export function createStrategy(name: ConsumerStrategyName): ConsumerStrategy {
  switch (name) {
    case 'RoundRobin':
      return new RoundRobin();
    case 'DispatchToSingle':
      return new DispatchToSingle();
    case 'Pinned':
      return new Pinned(pinnedStreamOf);
    case 'PinnedByCorrelation':
      return new Pinned(correlationKeyOf);
  }
}

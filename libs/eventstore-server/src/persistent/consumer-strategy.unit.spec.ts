import { Consumer } from './consumer';
import { createStrategy } from './consumer-strategy';
import type { GroupMessage } from './message';
import type { ConsumerStrategyName } from './settings';

const consumer = (id: number, bufferSize: number) =>
  new Consumer(
    id,
    bufferSize,
    { connectionName: `c${id}`, from: '', username: '' },
    { deliver: () => undefined, drop: () => undefined },
    false,
  );

let nextId = 0;
function message(stream: string, correlationId?: string): GroupMessage {
  const id = `00000000-0000-4000-8000-${String(++nextId).padStart(12, '0')}`;
  const metadata = correlationId === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify({ $correlationId: correlationId }));
  const record = { position: nextId, stream, revision: 0, id, type: 'T', isJson: true, data: Buffer.from('{}'), metadata, created: 0 };
  return { ackId: id, event: record, link: undefined, original: record, sequence: nextId, retryCount: 0 };
}

/** Places messages until the strategy says nobody can take more; returns which consumer got each. */
function place(
  strategyName: ConsumerStrategyName,
  consumers: Consumer[],
  streams: string[],
  correlations: string[] = [],
): Array<number | string> {
  const strategy = createStrategy(strategyName);
  return streams.map((stream, index) => {
    const item = message(stream, correlations[index]);
    const pick = strategy.pick(consumers, item);
    if (typeof pick === 'string') return pick;
    pick.send(item, 0);
    return pick.id;
  });
}

describe('consumer strategies', () => {
  it('RoundRobin rotates among connections with free slots', () => {
    expect(place('RoundRobin', [consumer(1, 2), consumer(2, 1)], ['s', 's', 's', 's'])).toEqual([1, 2, 1, 'full']);
  });

  it('DispatchToSingle fills one connection before the next', () => {
    expect(place('DispatchToSingle', [consumer(1, 2), consumer(2, 2)], ['s', 's', 's', 's', 's'])).toEqual([1, 1, 2, 2, 'full']);
  });

  it('Pinned keeps a stream on one connection and makes it wait while that one is busy', () => {
    const placed = place('Pinned', [consumer(1, 2), consumer(2, 5)], ['a', 'a', 'a', 'b', 'b']);
    const [firstA] = placed;
    expect(placed.slice(0, 3)).toEqual(firstA === 1 ? [1, 1, 'skip'] : [2, 2, 2]);
    expect(new Set(placed.slice(3)).size).toBe(1);
  });

  it('PinnedByCorrelation keeps a correlation id on one connection across streams', () => {
    const placed = place('PinnedByCorrelation', [consumer(1, 10), consumer(2, 10)], ['s1', 's2', 's3', 's4'], ['c1', 'c1', 'c2', 'c2']);
    expect(placed[0]).toBe(placed[1]);
    expect(placed[2]).toBe(placed[3]);
    expect(placed[0]).not.toBe(placed[2]);
  });

  it('Pinned reports full only when no connection has room', () => {
    expect(place('Pinned', [consumer(1, 1)], ['a', 'b'])).toEqual([1, 'full']);
  });
});

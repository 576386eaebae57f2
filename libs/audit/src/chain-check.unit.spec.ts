import { chainLink } from '@app/event-store/hash-chain';
import { StoreChainWalk } from './chain-check';

const base = { schemaVersion: 1, actor: { kind: 'system', process: 'spec' }, correlationId: 'c', causationId: 'k', command: 'Cmd' };

function chained(stream: string, count: number) {
  let prev: string | null = null;
  return Array.from({ length: count }, (_, revision) => {
    const data = { n: revision };
    const chain = chainLink({ prev, streamName: stream, revision, type: 'Changed', data, metadata: base as never });
    prev = chain.hash;
    return { stream, revision, type: 'Changed', data, metadata: { ...base, chain } };
  });
}

describe('the store-side chain walk', () => {
  it('passes intact streams, interleaved as in the log', () => {
    const walk = new StoreChainWalk();
    const [a, b] = [chained('customer-a', 3), chained('customer-b', 3)];
    const breaks = [a[0], b[0], a[1], b[1], b[2], a[2]].map((event) => walk.check(event)).filter(Boolean);
    expect({ breaks, events: walk.events, streams: walk.streams }).toEqual({ breaks: [], events: 6, streams: 2 });
  });

  it('reports every break once, with its stream and revision, and goes on checking the rest of the stream', () => {
    const walk = new StoreChainWalk();
    const a = chained('customer-a', 5);
    a[1] = { ...a[1], data: { n: 99 } };
    const { chain: _chain, ...unchained } = a[3].metadata;
    const events = [a[0], a[1], a[2], { ...a[3], metadata: unchained }, a[4], { ...chained('customer-b', 2)[1] }];
    expect(events.map((event) => walk.check(event)).filter(Boolean)).toEqual([
      { stream: 'customer-a', revision: 1, problem: 'its content does not match its hash' },
      { stream: 'customer-a', revision: 3, problem: 'its metadata carries no chain link' },
      { stream: 'customer-a', revision: 4, problem: expect.stringContaining('its link names') },
      { stream: 'customer-b', revision: 1, problem: 'the stream starts at revision 1' },
    ]);
  });
});

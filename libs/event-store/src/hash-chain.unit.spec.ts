import { createHash } from 'node:crypto';
import { chainHashOfJson, chainLink, verifyChain, type ChainedEvent } from './hash-chain';
import type { EventMetadata } from './metadata';

const base = {
  schemaVersion: 1,
  actor: { kind: 'system' as const, process: 'test' },
  correlationId: 'c',
  causationId: 'c',
  command: 'Test',
};

function chain(events: { type: string; data: Record<string, unknown> }[]): ChainedEvent[] {
  let prev: string | null = null;
  return events.map((e, revision) => {
    const link = chainLink({ prev, streamName: 's-1', revision, type: e.type, data: e.data, metadata: base });
    prev = link.hash;
    const metadata: EventMetadata = { ...base, chain: link };
    return { streamName: 's-1', revision, type: e.type, data: e.data, metadata };
  });
}

describe('hash chain', () => {
  const events = chain([
    { type: 'A', data: { n: 1 } },
    { type: 'B', data: { n: 2 } },
    { type: 'C', data: { n: 3 } },
  ]);

  it('links each event to the previous one and verifies intact', () => {
    expect(events[0].metadata.chain.prev).toBeNull();
    expect(events[1].metadata.chain.prev).toBe(events[0].metadata.chain.hash);
    expect(verifyChain(events)).toBeNull();
  });

  it('finds the first tampered event', () => {
    const tampered = events.map((e) => (e.revision === 1 ? { ...e, data: { n: 20 } } : e));
    expect(verifyChain(tampered)).toBe(1n);
  });

  it('finds a removed event', () => {
    expect(verifyChain([events[0], events[2]])).toBe(2n);
  });

  it('hashes the NUL-separated parts, so links written before stay verifiable', () => {
    const expected = createHash('sha256');
    ['', 's-1', '0', 'A', JSON.stringify({ n: 1 }), JSON.stringify(base)].forEach((part, i) => {
      if (i > 0) expected.update('\0');
      expected.update(part);
    });
    expect(events[0].metadata.chain.hash).toBe(expected.digest('hex'));
  });

  it('hashes the text as UTF-8: a link computed before keeps its value', () => {
    const data = JSON.stringify({ name: 'Contoso é' });
    expect(chainHashOfJson('prevhash', 'customer-c-1é', 3, 'CustomerAdded', data, JSON.stringify({ schemaVersion: 1 }))).toBe(
      'f721901f49b31615ed42eea9b5557147a3b487fc5cf51bc95ad020a32f6778b2',
    );
  });
});

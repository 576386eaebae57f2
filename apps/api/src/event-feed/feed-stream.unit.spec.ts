import { FeedStream, type FeedSource } from './feed-stream';
import { RecentEvents, type FeedEntry } from './recent-events';

const FRAME = 'x'.repeat(1_000);
const entry = (position: number, partner: string, type = 'CustomerAdded'): FeedEntry => ({
  position: BigInt(position),
  type,
  partners: [partner],
  frame: Buffer.from(`id: ${position}\n${FRAME}\n\n`),
});

/** A hub of memory `recent` over a log `stored` (everything ever appended). */
function source(recent: RecentEvents, stored: FeedEntry[]): FeedSource & { storedReads: number } {
  return {
    storedReads: 0,
    recent: (cursor, max) => recent.after(cursor, max),
    async readStored(cursor, max) {
      this.storedReads++;
      return stored.filter((e) => e.position > cursor).slice(0, max);
    },
  };
}

const ids = (chunks: string[]) =>
  chunks
    .join('')
    .match(/^id: \d+$/gm)
    ?.map((line) => Number(line.slice(4))) ?? [];

async function drain(stream: FeedStream, until: (chunks: string[]) => boolean): Promise<string[]> {
  const chunks: string[] = [];
  for await (const chunk of stream) {
    chunks.push(String(chunk));
    if (until(chunks)) break;
  }
  return chunks;
}

describe('FeedStream', () => {
  it("reads from the store up to the hub's memory, then from the memory, with its partner's and types' events only", async () => {
    const log = Array.from({ length: 600 }, (_, i) =>
      entry(i * 10, i % 3 === 0 ? 'other' : 'mine', i % 2 ? 'CustomerAdded' : 'RelationshipRemoved'),
    );
    const recent = new RecentEvents(100, log[499].position);
    for (const e of log.slice(500)) recent.add(e);
    const hub = source(recent, log);
    const stream = new FeedStream(hub, { partnerId: 'mine', types: new Set(['CustomerAdded']), after: 45n, bufferBytes: 8_192 });
    const expected = log
      .filter((e) => e.position > 45n && e.partners[0] === 'mine' && e.type === 'CustomerAdded')
      .map((e) => Number(e.position));
    const got = ids(await drain(stream, (chunks) => ids(chunks).at(-1) === expected.at(-1)));
    expect(got).toEqual(expected);
    expect(stream.isLive).toBe(true);
    expect(hub.storedReads).toBeGreaterThan(0);
  });

  it('stops taking events while nobody reads: what it queues stays within its buffer whatever the log holds', async () => {
    const recent = new RecentEvents(10_000, -1n);
    for (let i = 0; i < 5_000; i++) recent.add(entry(i, 'mine'));
    const stream = new FeedStream(source(recent, []), { partnerId: 'mine', after: -1n, bufferBytes: 16_384 });
    stream.pause();
    stream.read(0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stream.queuedBytes).toBeGreaterThan(0);
    expect(stream.queuedBytes).toBeLessThanOrEqual(16_384 + FRAME.length + 20);
    expect(stream.position).toBeLessThan(100n);
    stream.destroy();
  });

  it('waits at the head and goes on when woken', async () => {
    const recent = new RecentEvents(10, 0n);
    const stream = new FeedStream(source(recent, []), { partnerId: 'mine', after: 0n, bufferBytes: 4_096 });
    const received = drain(stream, (chunks) => ids(chunks).length === 2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    recent.add(entry(5, 'mine'));
    recent.add(entry(6, 'other'));
    recent.add(entry(7, 'mine'));
    stream.wake();
    expect(ids(await received)).toEqual([5, 7]);
  });
});

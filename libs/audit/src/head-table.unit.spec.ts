import { HeadTable } from './head-table';

describe('HeadTable', () => {
  it("gives every stream's last head, sorted by stream, across many flushes to disk", () => {
    const table = new HeadTable();
    const expected = new Map<string, { revision: number; position: string; hash: string }>();
    try {
      // 30,000 events over 10,000 streams in a scrambled order: several flushes, a stream's events in more than one.
      for (let i = 0; i < 30_000; i++) {
        const stream = `customer-${(i * 7919) % 10_000}`;
        const revision = (expected.get(stream)?.revision ?? -1) + 1;
        const head = { revision, position: String(i * 10), hash: `h${i}` };
        expected.set(stream, head);
        table.set(stream, revision, head.position, head.hash);
      }
      const streams = [...expected.keys()].sort();
      expect([...table.sorted()]).toEqual(streams.map((stream) => ({ stream, ...expected.get(stream) })));
    } finally {
      table.close();
    }
  });
});

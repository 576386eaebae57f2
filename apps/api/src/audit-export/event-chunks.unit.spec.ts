import { ExportEnd } from '@app/audit';
import { headChunks } from './event-chunks';
import { LineChunks } from './line-chunks';

describe('headChunks', () => {
  it('lets the table of heads be closed when the export is cut short in its head lines', () => {
    const end = new ExportEnd();
    for (let s = 0; s < 2000; s++) end.add(`customer-c${s}`, 0, BigInt(s), { prev: null, hash: `h${s}` });
    const chunks = headChunks(end, new LineChunks(1024));
    expect(chunks.next().done).toBe(false);
    // The client went away: the response ends the generator, then the export closes its end.
    chunks.return({ count: 0, streams: 0, headsDigest: '' });
    expect(() => end.close()).not.toThrow();
  });
});

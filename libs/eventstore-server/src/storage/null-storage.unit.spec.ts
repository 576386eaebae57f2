import { NullStorage } from './null-storage';
import { ExpectedRevision, NewEvent } from './records';

const event = (): NewEvent => ({
  id: crypto.randomUUID(),
  type: 'Tested',
  isJson: true,
  data: Buffer.from('{}'),
  metadata: Buffer.alloc(0),
});

describe('NullStorage', () => {
  it('numbers revisions and positions while storing no event', async () => {
    const storage = new NullStorage();
    expect(await storage.append('a', ExpectedRevision.noStream, [event(), event()])).toEqual({ kind: 'ok', revision: 1, position: 2 });
    expect(await storage.append('b', ExpectedRevision.any, [event()])).toEqual({ kind: 'ok', revision: 0, position: 3 });
    expect(await storage.append('a', 1, [event()])).toEqual({ kind: 'ok', revision: 2, position: 4 });
    expect(storage.readStream('a')).toEqual({ status: 'ok', events: [] });
    expect(storage.readStream('c')).toEqual({ status: 'not-found' });
  });

  it('checks expected revisions as the real storage does', async () => {
    const storage = new NullStorage();
    await storage.append('a', ExpectedRevision.noStream, [event()]);
    expect(await storage.append('a', ExpectedRevision.noStream, [event()])).toEqual({
      kind: 'wrong-expected-version',
      current: 0,
      expected: -1,
    });
    expect(await storage.append('a', 5, [event()])).toEqual({ kind: 'wrong-expected-version', current: 0, expected: 5 });
    expect(await storage.append('new', ExpectedRevision.streamExists, [event()])).toMatchObject({ kind: 'wrong-expected-version' });
    expect(await storage.append('a', ExpectedRevision.streamExists, [event()])).toMatchObject({ kind: 'ok', revision: 1 });
    await storage.tombstone('a', ExpectedRevision.any);
    expect(await storage.append('a', ExpectedRevision.any, [event()])).toEqual({ kind: 'stream-deleted' });
  });
});

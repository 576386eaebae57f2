import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStorage } from './event-storage';
import { ExpectedRevision, NewEvent } from './records';

const event = (type = 'Thing', data: object = {}): NewEvent => ({
  id: randomUUID(),
  type,
  isJson: true,
  data: Buffer.from(JSON.stringify(data)),
  metadata: Buffer.alloc(0),
});

describe('EventStorage', () => {
  let dir: string;
  let storage: EventStorage;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'es-storage-'));
    storage = await EventStorage.open({ dataDir: dir });
  });
  afterEach(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts with a system event so $all is never empty', () => {
    const [first] = storage.readAllForward(0, 1);
    expect(first.stream.startsWith('$')).toBe(true);
    expect(first.type.startsWith('$')).toBe(true);
  });

  it('lets exactly one of the writers racing for a revision in one group commit win', async () => {
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => storage.append('race', ExpectedRevision.noStream, [event()])));
    expect(outcomes.filter((o) => o.kind === 'ok')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'wrong-expected-version')).toHaveLength(19);
    const read = storage.readStream('race', { direction: 'forwards', from: 'start', limit: 100 });
    expect(read.status === 'ok' && read.events.map((e) => e.revision)).toEqual([0]);
  });

  it('notifies after commit with the head and the streams touched, once per group', async () => {
    const groups: Array<{ head: number; touched: string[] }> = [];
    const stop = storage.onCommitted((group) => groups.push({ head: group.head, touched: [...group.touched].sort() }));
    await Promise.all([storage.append('a', ExpectedRevision.any, [event()]), storage.append('b', ExpectedRevision.any, [event()])]);
    stop();
    expect(groups).toEqual([{ head: storage.headPosition(), touched: ['a', 'b'] }]);
  });

  it('answers $all reads near the head from memory exactly as the database does after a reopen', async () => {
    await Promise.all([
      storage.append('x', ExpectedRevision.noStream, [event(), event('Other', { big: 'y'.repeat(5000) })]),
      storage.append('x', ExpectedRevision.noStream, [event()]),
      storage.append('y', ExpectedRevision.any, [event()]),
    ]);
    await storage.softDelete('y', ExpectedRevision.any);
    await storage.tombstone('z', ExpectedRevision.any);
    await Promise.all([storage.append('x', 1, [event()]), storage.append('y', ExpectedRevision.any, [event()])]);
    const head = storage.headPosition();
    const reads = (s: EventStorage) =>
      Array.from({ length: head + 2 }, (_, from) => [1, 3, 100].map((limit) => s.readAllForward(from, limit)));
    const fromMemory = reads(storage);
    await storage.close();
    storage = await EventStorage.open({ dataDir: dir });
    expect(fromMemory).toEqual(reads(storage));
  });

  it('writes a batch longer than one insert statement at consecutive revisions and positions, as the database reads them back', async () => {
    const long = Array.from({ length: 70 }, (_, n) => event('Long', { n }));
    const [first, second] = await Promise.all([
      storage.append('long', ExpectedRevision.noStream, long),
      storage.append('short', ExpectedRevision.noStream, [event(), event()]),
    ]);
    const head = storage.headPosition();
    expect(first).toEqual({ kind: 'ok', revision: 69, position: head - 2 });
    expect(second).toEqual({ kind: 'ok', revision: 1, position: head });
    const fromMemory = storage.readAllForward(head - 71, 100);
    await storage.close();
    storage = await EventStorage.open({ dataDir: dir });
    const fromDisk = storage.readAllForward(head - 71, 100);
    expect(fromMemory).toEqual(fromDisk);
    expect(fromDisk.map((e) => [e.stream, e.revision, e.id])).toEqual([
      ...long.map((e, n) => ['long', n, e.id]),
      ['short', 0, expect.any(String)],
      ['short', 1, expect.any(String)],
    ]);
    expect(fromDisk.map((e) => e.position)).toEqual(Array.from({ length: 72 }, (_, n) => head - 71 + n));
  });

  it('takes the last of several metadata events appended together', async () => {
    await storage.append('$$meta', ExpectedRevision.any, [event('$metadata', { $maxCount: 5 }), event('$metadata', { $maxCount: 2 })]);
    expect(storage.streamMetadata('meta').maxCount).toBe(2);
  });

  it('keeps positions, revisions and stream state across a reopen', async () => {
    await storage.append('kept', ExpectedRevision.noStream, [event(), event()]);
    await storage.tombstone('gone', ExpectedRevision.any);
    const before = storage.readAllForward(0, 100);
    await storage.close();
    storage = await EventStorage.open({ dataDir: dir });
    expect(storage.readAllForward(0, 100)).toEqual(before);
    expect(storage.streamState('kept').lastRevision).toBe(1);
    expect(storage.readStream('gone', { direction: 'forwards', from: 'start', limit: 1 }).status).toBe('deleted');
    expect((await storage.append('kept', 1, [event()])).kind).toBe('ok');
  });

  it('answers a re-append of the same ids with any from the original write, also after a reopen', async () => {
    const batch = [event(), event()];
    const first = await storage.append('idem', ExpectedRevision.any, batch);
    await storage.append('idem', ExpectedRevision.any, [event()]);
    await storage.close();
    storage = await EventStorage.open({ dataDir: dir });
    expect(await storage.append('idem', ExpectedRevision.any, batch)).toEqual(first);
    expect(await storage.append('idem', ExpectedRevision.any, [batch[1], event()])).toMatchObject({
      kind: 'wrong-expected-version',
    });
    expect(storage.streamState('idem').lastRevision).toBe(2);
  });

  it('recreates a soft-deleted stream at the next revision and hides the old events', async () => {
    await storage.append('soft', ExpectedRevision.noStream, [event(), event()]);
    await storage.append('$$soft', ExpectedRevision.any, [event('$metadata', { custom: 1 })]);
    expect((await storage.softDelete('soft', 1)).kind).toBe('ok');
    expect(storage.readStream('soft', { direction: 'forwards', from: 'start', limit: 10 }).status).toBe('not-found');
    expect(await storage.append('soft', ExpectedRevision.noStream, [event()])).toMatchObject({ kind: 'ok', revision: 2 });
    const read = storage.readStream('soft', { direction: 'forwards', from: 'start', limit: 10 });
    expect(read.status === 'ok' && read.events.map((e) => e.revision)).toEqual([2]);
    expect(storage.streamMetadata('soft').truncateBefore).toBe(2);
  });

  it('refuses appends whose data exceed 1 MiB and writes nothing', async () => {
    const big = { ...event(), data: Buffer.alloc(1_048_577) };
    expect(await storage.append('big', ExpectedRevision.any, [big])).toEqual({ kind: 'too-big', maxAppendSize: 1_048_576 });
    expect(storage.streamState('big').lastRevision).toBe(-1);
  });

  it('refuses to open files another store holds', async () => {
    await expect(EventStorage.open({ dataDir: dir })).rejects.toThrow(/already open in another process/);
    expect((await storage.append('still-mine', ExpectedRevision.any, [event()])).kind).toBe('ok');
  });

  it('commits what was submitted before close', async () => {
    const pending = storage.append('late', ExpectedRevision.any, [event()]);
    await storage.close();
    expect((await pending).kind).toBe('ok');
    storage = await EventStorage.open({ dataDir: dir });
    expect(storage.streamState('late').lastRevision).toBe(0);
  });
});

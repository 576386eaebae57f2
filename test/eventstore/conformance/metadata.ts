// ESDB-WIRE A6 (and the metadata half of A3): stream metadata is the last `$metadata` event of
// `$$name`; it round-trips exactly and its limits apply to reads, even when written first.
import { randomUUID } from 'node:crypto';
import type { Client, ClientKit } from '../../support/eventstore-clients';
import { collect, delay, rejectionOf, startTestStore, uniqueStream, type TestStore } from '../../support/eventstore';

export function metadataConformance(kit: ClientKit): void {
  let store: TestStore;
  beforeAll(async () => {
    store = await startTestStore();
  });
  afterAll(async () => {
    await store?.stop();
  });

  describe(`stream metadata with ${kit.name}`, () => {
    let client: Client;
    beforeAll(() => {
      client = store.client(kit);
    });
    const events = (count: number) =>
      Array.from({ length: count }, (_, n) => kit.jsonEvent({ id: randomUUID(), type: 'Meta', data: { n } }));
    const revisions = async (stream: string, options = {}) =>
      (await collect(client.readStream(stream, options))).map((e) => e.event!.revision);

    it('round-trips every system key and custom keys exactly', async () => {
      const stream = uniqueStream('meta');
      const metadata = {
        maxAge: 3600,
        maxCount: 1000,
        truncateBefore: 0,
        cacheControl: 60,
        acl: { readRoles: ['$all'], writeRoles: ['ops', 'dev'], deleteRoles: ['$admins'], metaReadRoles: ['a'], metaWriteRoles: ['b'] },
        'custom key 🎉': { nested: ['ünïcödé', 1.5, null, true] },
        plain: 'value',
      };
      await client.setStreamMetadata(stream, metadata);
      const read = await client.getStreamMetadata(stream);
      expect(read.streamName).toBe(stream);
      expect(read.metadata).toEqual(metadata);
    });

    it('is stored as $metadata events in $$name and the last one wins', async () => {
      const stream = uniqueStream('meta');
      await client.setStreamMetadata(stream, { first: true });
      await client.setStreamMetadata(stream, { second: true }, kit.expecting(0n));
      const raw = await collect(client.readStream(`$$${stream}`));
      expect(raw.map((e) => e.event!.type)).toEqual(['$metadata', '$metadata']);
      expect(raw.map((e) => e.event!.data)).toEqual([{ first: true }, { second: true }]);
      expect((await client.getStreamMetadata(stream)).metadata).toEqual({ second: true });
      const stale = await rejectionOf(client.setStreamMetadata(stream, { third: true }, kit.expecting(0n)));
      expect(stale.type).toBe('wrong-expected-version');
    });

    it('a stream without metadata has none', async () => {
      const stream = uniqueStream('bare');
      await client.appendToStream(stream, events(1));
      expect((await client.getStreamMetadata(stream)).metadata).toBeUndefined();
    });

    it('$maxCount keeps the last N events in both directions', async () => {
      const stream = uniqueStream('maxcount');
      await client.appendToStream(stream, events(20));
      await client.setStreamMetadata(stream, { maxCount: 2 });
      expect(await revisions(stream)).toEqual([18n, 19n]);
      expect(await revisions(stream, { direction: 'backwards', fromRevision: 'end' })).toEqual([19n, 18n]);
      expect(await revisions(stream, { fromRevision: 5n })).toEqual([18n, 19n]);
    });

    it('metadata written before the stream exists applies to its later events', async () => {
      const stream = uniqueStream('early');
      await client.setStreamMetadata(stream, { maxCount: 3 });
      await client.appendToStream(stream, events(10), kit.expecting('no_stream'));
      expect(await revisions(stream)).toEqual([7n, 8n, 9n]);
    });

    it('$tb hides the revisions below it', async () => {
      const stream = uniqueStream('tb');
      await client.appendToStream(stream, events(8));
      await client.setStreamMetadata(stream, { truncateBefore: 5 });
      expect(await revisions(stream)).toEqual([5n, 6n, 7n]);
      expect(await revisions(stream, { direction: 'backwards', fromRevision: 'end' })).toEqual([7n, 6n, 5n]);
    });

    it('$maxAge hides events older than the given seconds', async () => {
      const stream = uniqueStream('maxage');
      await client.setStreamMetadata(stream, { maxAge: 1 });
      await client.appendToStream(stream, events(3));
      expect(await revisions(stream)).toEqual([0n, 1n, 2n]);
      await delay(1_300);
      await client.appendToStream(stream, events(1));
      expect(await revisions(stream)).toEqual([3n]);
    });

    it('system streams are readable and writable in insecure mode', async () => {
      const stream = `$${uniqueStream('system')}`;
      await client.appendToStream(stream, events(2));
      expect(await revisions(stream)).toEqual([0n, 1n]);
    });
  });
}

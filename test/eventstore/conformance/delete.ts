// ESDB-WIRE A5: soft delete (hidden, recreatable) and tombstone (deleted for ever), with the
// same expected-revision checks as appends and StreamDeleted on every path after a tombstone.
import { randomUUID } from 'node:crypto';
import type { AppendToStreamOptions } from '@eventstore/db-client';
import type { Client, ClientKit } from '../../support/eventstore-clients';
import { collect, rejectionOf, startTestStore, uniqueStream, type TestStore } from '../../support/eventstore';

const appendPath = { credentials: { username: 'admin', password: 'changeit' } } as AppendToStreamOptions;

export function deleteConformance(kit: ClientKit): void {
  let store: TestStore;
  beforeAll(async () => {
    store = await startTestStore();
  });
  afterAll(async () => {
    await store?.stop();
  });

  describe(`deleting with ${kit.name}`, () => {
    let client: Client;
    beforeAll(() => {
      client = store.client(kit);
    });
    const event = (n: number) => kit.jsonEvent({ id: randomUUID(), type: 'Del', data: { n } });
    const write = async (count: number) => {
      const stream = uniqueStream('del');
      await client.appendToStream(
        stream,
        Array.from({ length: count }, (_, n) => event(n)),
        kit.expecting('no_stream'),
      );
      return stream;
    };
    const streamName = (error: unknown) => (error as { streamName?: string }).streamName;

    describe('soft delete', () => {
      it('hides the stream, returns the position written and replaces the metadata with $tb', async () => {
        const stream = await write(3);
        await client.setStreamMetadata(stream, { maxCount: 50, custom: 'kept?' });
        const before = (await collect(client.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: 1 })))[0].event!.position
          .commit;
        const result = await client.deleteStream(stream, { expectedRevision: 2n });
        expect(result.position!.commit > before).toBe(true);
        expect((await rejectionOf(collect(client.readStream(stream)))).type).toBe('stream-not-found');
        const { metadata } = await client.getStreamMetadata(stream);
        expect(metadata!.custom).toBeUndefined();
        expect(metadata!.maxCount).toBeUndefined();
        expect(Number(metadata!.truncateBefore)).toBeGreaterThan(2 ** 62);
      });

      it('an append recreates the stream with continuing revisions, old events hidden, $all keeps them', async () => {
        const stream = await write(3);
        const old = await collect(client.readStream(stream));
        await client.deleteStream(stream);
        const recreated = await client.appendToStream(stream, [event(3)], kit.expecting('no_stream'));
        expect(recreated.nextExpectedRevision).toBe(3n);
        await client.appendToStream(stream, [event(4)], kit.expecting('any'));
        const read = await collect(client.readStream(stream));
        expect(read.map((e) => e.event!.revision)).toEqual([3n, 4n]);
        expect(Number((await client.getStreamMetadata(stream)).metadata!.truncateBefore)).toBe(3);
        const all = await collect(client.readAll({ fromPosition: old[0].event!.position!, maxCount: 3 }));
        expect(all.map((e) => e.event!.id)).toEqual(old.map((e) => e.event!.id));
      });

      it('stream_exists on a soft-deleted stream is StreamDeleted', async () => {
        const stream = await write(1);
        await client.deleteStream(stream);
        const error = await rejectionOf(client.appendToStream(stream, [event(1)], kit.expecting('stream_exists')));
        expect(error.type).toBe('stream-deleted');
        expect(streamName(error)).toBe(stream);
      });

      it('a wrong expected revision is WrongExpectedVersion and deletes nothing', async () => {
        const stream = await write(2);
        const error = await rejectionOf(client.deleteStream(stream, { expectedRevision: 5n }));
        expect(error.type).toBe('wrong-expected-version');
        expect(streamName(error)).toBe(stream);
        expect(kit.wrongVersion(error).expected).toBe(5n);
        const noStream = await rejectionOf(client.deleteStream(stream, { expectedRevision: 'no_stream' }));
        expect(noStream.type).toBe('wrong-expected-version');
        expect(await collect(client.readStream(stream))).toHaveLength(2);
      });

      it('no_stream deletes a stream that only has metadata', async () => {
        const stream = uniqueStream('implicit');
        await client.setStreamMetadata(stream, { custom: 1 });
        await client.deleteStream(stream, { expectedRevision: 'no_stream' });
        expect((await rejectionOf(collect(client.readStream(stream)))).type).toBe('stream-not-found');
      });
    });

    describe('tombstone', () => {
      it('makes reads, appends on both paths, deletes and subscriptions fail with StreamDeleted', async () => {
        const stream = await write(2);
        const result = await client.tombstoneStream(stream, { expectedRevision: 1n });
        const [record] = await collect(client.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: 1 }));
        expect(record.event!.streamId).toBe(stream);
        expect(record.event!.type).toBe('$streamDeleted');
        expect(result.position).toEqual(record.event!.position);

        const failures = [
          await rejectionOf(collect(client.readStream(stream))),
          await rejectionOf(collect(client.readStream(stream, { direction: 'backwards', fromRevision: 'end' }))),
          await rejectionOf(client.appendToStream(stream, [event(9)])),
          await rejectionOf(client.appendToStream(stream, [event(9)], appendPath)),
          await rejectionOf(client.appendToStream(stream, [event(9)], kit.expecting('no_stream'))),
          await rejectionOf(client.deleteStream(stream)),
          await rejectionOf(client.tombstoneStream(stream)),
        ];
        for (const failure of failures) {
          expect(failure.type).toBe('stream-deleted');
          expect(streamName(failure)).toBe(stream);
        }

        const subscription = client.subscribeToStream(stream, { fromRevision: 'start' });
        const error = await new Promise<Error & { type?: string }>((resolve) => subscription.on('error', resolve));
        expect(error.type).toBe('stream-deleted');
        await subscription.unsubscribe();
      });

      it('a stream that never existed can be tombstoned with no_stream and is deleted for ever', async () => {
        const stream = uniqueStream('never');
        await client.tombstoneStream(stream, { expectedRevision: 'no_stream' });
        const read = await rejectionOf(collect(client.readStream(stream)));
        expect(read.type).toBe('stream-deleted');
        expect((await rejectionOf(client.appendToStream(stream, [event(0)]))).type).toBe('stream-deleted');
      });

      it('a wrong expected revision is WrongExpectedVersion and leaves the stream alive', async () => {
        const stream = await write(2);
        const error = await rejectionOf(client.tombstoneStream(stream, { expectedRevision: 0n }));
        expect(error.type).toBe('wrong-expected-version');
        expect(kit.wrongVersion(error).expected).toBe(0n);
        await client.appendToStream(stream, [event(2)], kit.expecting(1n));
        expect(await collect(client.readStream(stream))).toHaveLength(3);
      });
    });
  });
}

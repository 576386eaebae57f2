// ESDB-WIRE A3: stream and $all reads, both directions, with their inclusive/exclusive
// boundaries, counts, not-found and link resolution.
import { randomUUID } from 'node:crypto';
import type { Client, ClientKit } from '../../support/eventstore-clients';
import { collect, rejectionOf, startTestStore, uniqueStream, type TestStore } from '../../support/eventstore';

export function readConformance(kit: ClientKit): void {
  let store: TestStore;
  beforeAll(async () => {
    store = await startTestStore();
  });
  afterAll(async () => {
    await store?.stop();
  });

  describe(`reading with ${kit.name}`, () => {
    let client: Client;
    beforeAll(() => {
      client = store.client(kit);
    });
    const event = (n: number) => kit.jsonEvent({ id: randomUUID(), type: 'Read', data: { n } });
    const write = async (count: number) => {
      const stream = uniqueStream('read');
      await client.appendToStream(
        stream,
        Array.from({ length: count }, (_, n) => event(n)),
        kit.expecting('no_stream'),
      );
      return stream;
    };
    const revisionsOf = (events: { event?: { revision: bigint } }[]) => events.map((e) => e.event!.revision);

    describe('a stream', () => {
      it('forwards from the start returns every event in order', async () => {
        const stream = await write(5);
        const read = await collect(client.readStream(stream));
        expect(revisionsOf(read)).toEqual([0n, 1n, 2n, 3n, 4n]);
        expect(read.map((e) => (e.event!.data as { n: number }).n)).toEqual([0, 1, 2, 3, 4]);
        expect(read.every((e) => e.event!.streamId === stream && e.event!.type === 'Read')).toBe(true);
      });

      it('forwards from revision N is inclusive and count limits', async () => {
        const stream = await write(5);
        expect(revisionsOf(await collect(client.readStream(stream, { fromRevision: 2n })))).toEqual([2n, 3n, 4n]);
        expect(revisionsOf(await collect(client.readStream(stream, { fromRevision: 1n, maxCount: 2 })))).toEqual([1n, 2n]);
        if (!kit.forwardsFromEndReadsBackwards) expect(await collect(client.readStream(stream, { fromRevision: 'end' }))).toEqual([]);
        expect(await collect(client.readStream(stream, { fromRevision: 50n }))).toEqual([]);
      });

      it('backwards from the end goes down; from revision N is inclusive', async () => {
        const stream = await write(5);
        expect(revisionsOf(await collect(client.readStream(stream, { direction: 'backwards', fromRevision: 'end' })))).toEqual([
          4n,
          3n,
          2n,
          1n,
          0n,
        ]);
        expect(revisionsOf(await collect(client.readStream(stream, { direction: 'backwards', fromRevision: 1n })))).toEqual([1n, 0n]);
        expect(revisionsOf(await collect(client.readStream(stream, { direction: 'backwards', fromRevision: 'end', maxCount: 2 })))).toEqual(
          [4n, 3n],
        );
      });

      it('events carry their own log position, strictly increasing', async () => {
        const stream = await write(3);
        const positions = (await collect(client.readStream(stream))).map((e) => e.event!.position!);
        expect(positions.every((p) => p.commit === p.prepare)).toBe(true);
        expect(positions[0].commit < positions[1].commit && positions[1].commit < positions[2].commit).toBe(true);
      });

      it('a stream that does not exist is StreamNotFoundError, in both directions', async () => {
        const stream = uniqueStream('missing');
        const forwards = await rejectionOf(collect(client.readStream(stream)));
        expect(forwards.type).toBe('stream-not-found');
        expect((forwards as unknown as { streamName: string }).streamName).toBe(stream);
        const backwards = await rejectionOf(collect(client.readStream(stream, { direction: 'backwards', fromRevision: 'end' })));
        expect(backwards.type).toBe('stream-not-found');
      });

      it('resolves links when asked, and returns the link record itself otherwise', async () => {
        const target = await write(3);
        const links = uniqueStream('links');
        const missingTarget = uniqueStream('nowhere');
        await client.appendToStream(links, [
          kit.binaryEvent({ type: '$>', data: Buffer.from(`1@${target}`) }),
          kit.binaryEvent({ type: '$>', data: Buffer.from(`0@${missingTarget}`) }),
        ]);
        const [direct] = await collect(client.readStream(target, { fromRevision: 1n, maxCount: 1 }));

        const [resolved, dangling] = await collect(client.readStream(links, { resolveLinkTos: true }));
        expect(resolved.event).toEqual(direct.event);
        expect(resolved.link!.type).toBe('$>');
        expect(resolved.link!.streamId).toBe(links);
        expect(resolved.link!.revision).toBe(0n);
        expect(dangling.event).toBeUndefined();
        expect(dangling.link!.revision).toBe(1n);

        const [unresolved] = await collect(client.readStream(links, { resolveLinkTos: false }));
        expect(unresolved.event!.type).toBe('$>');
        expect(unresolved.event!.streamId).toBe(links);
        expect(Buffer.from(unresolved.event!.data as Uint8Array).toString()).toBe(`1@${target}`);
        expect(unresolved.link).toBeUndefined();
      });
    });

    describe('$all', () => {
      it('a fresh database already holds a system event in a $ stream with a $ type', async () => {
        const fresh = await startTestStore({ memory: true });
        const freshClient = fresh.newClient(kit);
        try {
          const all = await collect(freshClient.readAll());
          expect(all.length).toBeGreaterThan(0);
          expect(all.some((e) => e.event!.streamId.startsWith('$') && e.event!.type.startsWith('$'))).toBe(true);
          await freshClient.appendToStream('user-stream', [event(0), event(1)]);
          const after = await collect(freshClient.readAll());
          expect(after.filter((e) => !e.event!.type.startsWith('$'))).toHaveLength(2);
          expect(after.length).toBeGreaterThan(2);
        } finally {
          await fresh.stop();
        }
      });

      it('forwards from a position is inclusive, positions strictly increase and match stream reads', async () => {
        const stream = await write(3);
        const own = await collect(client.readStream(stream));
        const from = own[1].event!.position!;
        const read = await collect(client.readAll({ fromPosition: from, maxCount: 2 }));
        expect(read.map((e) => e.event!.id)).toEqual([own[1].event!.id, own[2].event!.id]);
        expect(read.map((e) => e.event!.position)).toEqual([own[1].event!.position, own[2].event!.position]);

        const everything = await collect(client.readAll());
        const commits = everything.map((e) => e.event!.position.commit);
        expect(commits.every((c, i) => i === 0 || c > commits[i - 1])).toBe(true);
        expect(everything.slice(-3).map((e) => e.event!.id)).toEqual(own.map((e) => e.event!.id));
      });

      it('backwards from a position is exclusive; from the end starts at the newest', async () => {
        const stream = await write(3);
        const own = await collect(client.readStream(stream));
        const before = await collect(client.readAll({ direction: 'backwards', fromPosition: own[2].event!.position!, maxCount: 2 }));
        expect(before.map((e) => e.event!.id)).toEqual([own[1].event!.id, own[0].event!.id]);
        const newest = await collect(client.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: 1 }));
        expect(newest.map((e) => e.event!.id)).toEqual([own[2].event!.id]);
      });

      it('from the start reads forwards; from the end forwards returns nothing; count limits', async () => {
        await write(2);
        const first = await collect(client.readAll({ fromPosition: 'start', maxCount: 3 }));
        expect(first).toHaveLength(3);
        const all = await collect(client.readAll({ maxCount: 3 }));
        expect(all.map((e) => e.event!.id)).toEqual(first.map((e) => e.event!.id));
        if (!kit.forwardsFromEndReadsBackwards) expect(await collect(client.readAll({ fromPosition: 'end' }))).toEqual([]);
      });

      it('holds metastream and link records, and ignores per-stream limits', async () => {
        const stream = await write(4);
        await client.setStreamMetadata(stream, { maxCount: 1 });
        expect(await collect(client.readStream(stream))).toHaveLength(1);
        const all = await collect(client.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: 5 }));
        expect(all[0].event!.streamId).toBe(`$$${stream}`);
        expect(all[0].event!.type).toBe('$metadata');
        expect(all.slice(1).map((e) => e.event!.streamId)).toEqual([stream, stream, stream, stream]);
      });
    });
  });
}

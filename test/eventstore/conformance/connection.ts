// ESDB-WIRE A8 and bad input as a client sees it: esdb+discover:// through Gossip, and an empty
// stream name refused on every path without writing anything or disturbing the server.
import type { Client, ClientKit } from '../../support/eventstore-clients';
import { collect, rejectionOf, startTestStore, uniqueStream, type TestStore } from '../../support/eventstore';

export function connectionConformance(kit: ClientKit): void {
  let store: TestStore;
  beforeAll(async () => {
    store = await startTestStore();
  });
  afterAll(async () => {
    await store?.stop();
  });

  describe(`connecting with ${kit.name}`, () => {
    const lastPosition = async (client: Client) =>
      (await collect(client.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: 1 })))[0]?.event?.position.commit;

    it('esdb+discover:// connects through Gossip', async () => {
      const discovering = store.newClient({ ...kit, connect: (cs) => kit.connect(cs.replace('esdb://', 'esdb+discover://')) });
      const stream = uniqueStream('discovered');
      await discovering.appendToStream(stream, kit.jsonEvent({ type: 'Found', data: {} }));
      expect(await collect(discovering.readStream(stream))).toHaveLength(1);
    });

    it('an empty stream name is refused on both append paths and on read, and nothing is written', async () => {
      const client = store.client(kit);
      const before = await lastPosition(client);
      const event = () => kit.jsonEvent({ type: 'Nameless', data: {} });
      expect(await rejectionOf(client.appendToStream('', event()))).toBeInstanceOf(Error);
      expect(
        await rejectionOf(client.appendToStream('', event(), { credentials: { username: 'admin', password: 'changeit' } })),
      ).toBeInstanceOf(Error);
      expect(await rejectionOf(collect(client.readStream('')))).toBeInstanceOf(Error);
      expect(await lastPosition(client)).toBe(before);
      await client.appendToStream(uniqueStream('still-serving'), event());
    });
  });
}

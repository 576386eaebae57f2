// ESDB-WIRE A4: catch-up subscriptions to a stream and to $all: confirmation and caught-up once,
// exclusive starts, server-side filters, checkpoints, clean unsubscribe, and a gap-free,
// duplicate-free handover from catch-up to live while another client appends.
import { randomUUID } from 'node:crypto';
import type { Position, ResolvedEvent, AllStreamResolvedEvent } from '@eventstore/db-client';
import type { Client, ClientKit } from '../../support/eventstore-clients';
import { collect, delay, startTestStore, uniqueStream, type TestStore } from '../../support/eventstore';

type Subscription = NodeJS.EventEmitter & { unsubscribe(): Promise<void> };
type Received = ResolvedEvent | AllStreamResolvedEvent;

interface Recording {
  events: Received[];
  confirmations: number;
  caughtUp: number;
  /** How many events had arrived when caught-up was signalled. */
  eventsAtCaughtUp: number[];
  checkpoints: Position[];
  errors: Error[];
}

function record(subscription: Subscription, recording: Partial<Recording> = {}): Recording {
  const r: Recording = { events: [], confirmations: 0, caughtUp: 0, eventsAtCaughtUp: [], checkpoints: [], errors: [], ...recording };
  subscription.on('confirmation', () => r.confirmations++);
  subscription.on('caughtUp', () => {
    r.caughtUp++;
    r.eventsAtCaughtUp.push(r.events.length);
  });
  subscription.on('data', (event: Received) => r.events.push(event));
  subscription.on('error', (error: Error) => r.errors.push(error));
  return r;
}

async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(10);
  }
}

export function subscribeConformance(kit: ClientKit): void {
  let store: TestStore;
  beforeAll(async () => {
    store = await startTestStore();
  });
  afterAll(async () => {
    await store?.stop();
  });

  describe(`subscribing with ${kit.name}`, () => {
    let client: Client;
    const open: Subscription[] = [];
    beforeAll(() => {
      client = store.client(kit);
    });
    afterEach(async () => {
      await Promise.all(open.splice(0).map((s) => s.unsubscribe()));
    });
    const subscribe = (subscription: Subscription, recording?: Partial<Recording>) => {
      open.push(subscription);
      return record(subscription, recording);
    };
    const event = (n: number, type = 'Sub') => kit.jsonEvent({ id: randomUUID(), type, data: { n } });
    const events = (from: number, count: number, type?: string) => Array.from({ length: count }, (_, i) => event(from + i, type));
    const revisions = (r: Recording) => r.events.map((e) => e.event!.revision);

    describe('to a stream', () => {
      it('confirms once, catches up, signals caught-up once after the catch-up events, then goes live', async () => {
        const stream = uniqueStream('sub');
        await client.appendToStream(stream, events(0, 4));
        const r = subscribe(client.subscribeToStream(stream, { fromRevision: 'start' }));
        await until(() => r.caughtUp === 1, 'caught-up');
        await delay(50);
        expect(revisions(r)).toEqual([0n, 1n, 2n, 3n]);
        await client.appendToStream(stream, events(4, 2));
        await until(() => r.events.length === 6, 'live events');
        await delay(100);
        expect(revisions(r)).toEqual([0n, 1n, 2n, 3n, 4n, 5n]);
        expect(r.confirmations).toBe(1);
        expect(r.caughtUp).toBe(1);
        expect(r.errors).toEqual([]);
      });

      it('from revision N starts after N', async () => {
        const stream = uniqueStream('sub');
        await client.appendToStream(stream, events(0, 4));
        const r = subscribe(client.subscribeToStream(stream, { fromRevision: 2n }));
        await until(() => r.caughtUp === 1, 'caught-up');
        await delay(50);
        expect(revisions(r)).toEqual([3n]);
      });

      it('from the end delivers only new events', async () => {
        const stream = uniqueStream('sub');
        await client.appendToStream(stream, events(0, 3));
        const r = subscribe(client.subscribeToStream(stream, { fromRevision: 'end' }));
        await until(() => r.confirmations === 1, 'confirmation');
        await client.appendToStream(stream, events(3, 1));
        await until(() => r.events.length === 1, 'the live event');
        await delay(50);
        expect(revisions(r)).toEqual([3n]);
      });

      it('to a stream that does not exist yet: confirmation, caught-up, then its first events', async () => {
        const stream = uniqueStream('later');
        const r = subscribe(client.subscribeToStream(stream, { fromRevision: 'start' }));
        await until(() => r.caughtUp === 1, 'caught-up');
        expect(r.confirmations).toBe(1);
        expect(r.events).toEqual([]);
        await client.appendToStream(stream, events(0, 2));
        await until(() => r.events.length === 2, 'the first events');
        expect(revisions(r)).toEqual([0n, 1n]);
        expect(r.errors).toEqual([]);
      });

      it('applies metadata written before the stream to the catch-up', async () => {
        const stream = uniqueStream('limited');
        await client.setStreamMetadata(stream, { maxCount: 2 });
        await client.appendToStream(stream, events(0, 10));
        const r = subscribe(client.subscribeToStream(stream, { fromRevision: 'start' }));
        await until(() => r.caughtUp === 1, 'caught-up');
        await delay(50);
        expect(revisions(r)).toEqual([8n, 9n]);
      });

      it('tombstoning the stream delivers $streamDeleted, then ends with StreamDeleted', async () => {
        const stream = uniqueStream('doomed');
        await client.appendToStream(stream, events(0, 2));
        const r = subscribe(client.subscribeToStream(stream, { fromRevision: 'start' }));
        await until(() => r.caughtUp === 1 && r.events.length === 2, 'caught-up');
        await client.tombstoneStream(stream);
        await until(() => r.errors.length === 1, 'the subscription to end');
        expect((r.errors[0] as Error & { type?: string }).type).toBe('stream-deleted');
        expect(r.events.map((e) => e.event!.type)).toEqual(['Sub', 'Sub', '$streamDeleted']);
      });

      it('hands over from catch-up to live without gaps or duplicates while another client appends', async () => {
        const stream = uniqueStream('handover');
        const writer = store.newClient(kit);
        await writer.appendToStream(stream, events(0, 300));
        const appending = (async () => {
          for (let n = 300; n < 600; n += 3) await writer.appendToStream(stream, events(n, 3));
        })();
        const r = subscribe(client.subscribeToStream(stream, { fromRevision: 'start' }));
        await appending;
        await until(() => r.events.length >= 600, 'all 600 events');
        await delay(200);
        expect(revisions(r)).toEqual(Array.from({ length: 600 }, (_, i) => BigInt(i)));
        expect(r.events.map((e) => (e.event!.data as { n: number }).n)).toEqual(Array.from({ length: 600 }, (_, i) => i));
        expect(r.caughtUp).toBe(1);
      });
    });

    describe('to $all', () => {
      const marker = async () => (await client.appendToStream(uniqueStream('marker'), [event(-1, 'Marker')])).position!;

      it('from a position delivers the events strictly after it, and confirms and catches up once', async () => {
        const from = await marker();
        const stream = uniqueStream('after');
        await client.appendToStream(stream, events(0, 3));
        const r = subscribe(client.subscribeToAll({ fromPosition: from }));
        await until(() => r.caughtUp === 1, 'caught-up');
        await delay(50);
        expect(r.events.map((e) => e.event!.streamId)).toEqual([stream, stream, stream]);
        expect(r.confirmations).toBe(1);
      });

      it('from the end delivers only new events', async () => {
        const r = subscribe(client.subscribeToAll({ fromPosition: 'end' }));
        await until(() => r.confirmations === 1, 'confirmation');
        const stream = uniqueStream('new');
        await client.appendToStream(stream, events(0, 2));
        await until(() => r.events.some((e) => e.event!.streamId === stream && e.event!.revision === 1n), 'the new events');
        expect(r.events.map((e) => e.event!.streamId)).toEqual([stream, stream]);
      });

      it('from the start delivers the system event of a fresh database first, excluding none', async () => {
        const fresh = await startTestStore({ memory: true });
        const freshClient = fresh.newClient(kit);
        try {
          await freshClient.appendToStream('user-a', events(0, 2));
          const sub = freshClient.subscribeToAll({ fromPosition: 'start' }) as Subscription;
          const r = record(sub);
          await until(() => r.caughtUp === 1, 'caught-up');
          await delay(50);
          await sub.unsubscribe();
          expect(r.events.some((e) => e.event!.streamId.startsWith('$') && e.event!.type.startsWith('$'))).toBe(true);
          expect(r.events.filter((e) => !e.event!.type.startsWith('$'))).toHaveLength(2);
        } finally {
          await fresh.stop();
        }
      });

      it('filters on stream name by regex and by prefixes', async () => {
        const from = await marker();
        const tag = `s${randomUUID().replace(/-/g, '')}`;
        await client.appendToStream(`${tag}_a-1`, events(0, 2));
        await client.appendToStream(`other-${tag}`, events(0, 2));
        await client.appendToStream(`${tag}_b-1`, events(0, 1));
        const byRegex = subscribe(client.subscribeToAll({ fromPosition: from, filter: kit.streamNameFilter({ regex: `^${tag}_(a|b)-` }) }));
        const byPrefix = subscribe(
          client.subscribeToAll({ fromPosition: from, filter: kit.streamNameFilter({ prefixes: [`${tag}_b`, `other-${tag}`] }) }),
        );
        await until(() => byRegex.caughtUp === 1 && byPrefix.caughtUp === 1, 'caught-up');
        await delay(50);
        expect(byRegex.events.map((e) => e.event!.streamId)).toEqual([`${tag}_a-1`, `${tag}_a-1`, `${tag}_b-1`]);
        expect(byPrefix.events.map((e) => e.event!.streamId)).toEqual([`other-${tag}`, `other-${tag}`, `${tag}_b-1`]);
      });

      it('filters on event type by regex and by prefixes, and excludes system events', async () => {
        const from = await marker();
        const tag = `T${randomUUID().replace(/-/g, '')}`;
        const stream = uniqueStream('typed');
        await client.appendToStream(stream, [event(0, `${tag}Added`), event(1, `${tag}Removed`), event(2, 'Unrelated')]);
        await client.setStreamMetadata(stream, { maxAge: 1000 });
        const byRegex = subscribe(
          client.subscribeToAll({ fromPosition: from, filter: kit.eventTypeFilter({ regex: `^${tag}(Added|Gone)$` }) }),
        );
        const byPrefix = subscribe(
          client.subscribeToAll({ fromPosition: from, filter: kit.eventTypeFilter({ prefixes: [`${tag}R`, 'Unrel'] }) }),
        );
        const noSystem = subscribe(client.subscribeToAll({ fromPosition: from, filter: kit.excludeSystemEvents() }));
        await until(() => byRegex.caughtUp + byPrefix.caughtUp + noSystem.caughtUp === 3, 'caught-up');
        await delay(50);
        expect(byRegex.events.map((e) => e.event!.type)).toEqual([`${tag}Added`]);
        expect(byPrefix.events.map((e) => e.event!.type)).toEqual([`${tag}Removed`, 'Unrelated']);
        expect(noSystem.events.map((e) => e.event!.type)).toEqual([`${tag}Added`, `${tag}Removed`, 'Unrelated']);
      });

      it('sends 6 to 7 checkpoints for multiplier 2 over 384 matching events', async () => {
        const from = await marker();
        const tag = `C${randomUUID().replace(/-/g, '')}`;
        await client.appendToStream(uniqueStream('checkpointed'), events(0, 384, tag));
        const checkpoints: Position[] = [];
        const r = subscribe(
          client.subscribeToAll({
            fromPosition: from,
            filter: kit.eventTypeFilter({ prefixes: [tag], checkpointInterval: 2, checkpointReached: (_s, p) => void checkpoints.push(p) }),
          }),
        );
        await until(() => r.events.length === 384 && r.caughtUp === 1, '384 events');
        await delay(200);
        expect(checkpoints.length).toBeGreaterThanOrEqual(6);
        expect(checkpoints.length).toBeLessThanOrEqual(7);
        const last = r.events[383].event!.position!.commit;
        expect(
          checkpoints.every((p, i) => p.commit > from.commit && p.commit <= last && (i === 0 || p.commit >= checkpoints[i - 1].commit)),
        ).toBe(true);
      });

      it('hands over from catch-up to live in exact position order while another client appends', async () => {
        const from = await marker();
        const tag = `h${randomUUID().replace(/-/g, '')}`;
        const writer = store.newClient(kit);
        const acknowledged: { id: string; commit: bigint }[] = [];
        const appendOne = async (n: number) => {
          const candidate = event(n);
          const result = await writer.appendToStream(`${tag}-${n % 4}`, [candidate]);
          acknowledged.push({ id: candidate.id, commit: result.position!.commit });
        };
        for (let n = 0; n < 200; n++) await appendOne(n);
        const appending = (async () => {
          for (let n = 200; n < 400; n++) await appendOne(n);
        })();
        const r = subscribe(client.subscribeToAll({ fromPosition: from, filter: kit.streamNameFilter({ prefixes: [`${tag}-`] }) }));
        await appending;
        await until(() => r.events.length >= 400, 'all 400 events');
        await delay(200);
        const expected = [...acknowledged].sort((a, b) => (a.commit < b.commit ? -1 : 1)).map((a) => a.id);
        expect(r.events.map((e) => e.event!.id)).toEqual(expected);
        expect(r.caughtUp).toBe(1);
      });

      it('unsubscribing ends cleanly, without an error, releases the server side and the client keeps working', async () => {
        await until(() => store.server.stats().liveSubscriptions === 0, 'earlier subscriptions to be released');
        const sub = client.subscribeToAll({ fromPosition: 'end' }) as Subscription;
        const r = record(sub);
        await until(() => r.confirmations === 1, 'confirmation');
        expect(store.server.stats().liveSubscriptions).toBe(1);
        await sub.unsubscribe();
        await until(() => store.server.stats().liveSubscriptions === 0, 'the server to release the subscription');
        const stream = uniqueStream('after-unsubscribe');
        await client.appendToStream(stream, events(0, 1));
        await delay(100);
        expect(r.errors).toEqual([]);
        expect(r.events).toEqual([]);
        expect(await collect(client.readStream(stream))).toHaveLength(1);
      });
    });
  });
}

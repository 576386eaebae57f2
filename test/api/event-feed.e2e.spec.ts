import { randomUUID } from 'node:crypto';
import { jsonEvent, START } from '@eventstore/db-client';
import { partnersConcernedBy } from '@app/domain';
import { startApiHarness, type ApiHarness } from './support/api-harness';
import { addCustomer, enrol, eventually, uid } from './support/fixtures';
import { openSse, type SseConnection } from './support/sse-client';

const STREAM = '/v1/events/stream';

describe('GET /v1/events/stream (live feed)', () => {
  let h: ApiHarness;

  beforeAll(async () => {
    h = await startApiHarness({
      FEED_HEARTBEAT_MS: '300',
      FEED_RECENT_EVENTS: '40',
      FEED_CLIENT_BUFFER: '4096',
      FEED_MAX_CONNECTIONS_PER_PARTNER: '3',
    });
  });
  afterAll(() => h?.close());

  const auth = (partnerId: string, extra: Record<string, string> = {}) => ({
    authorization: `Bearer ${h.partnerToken(partnerId)}`,
    ...extra,
  });

  /** An event about the partner's customer, straight into the store (padding makes it as large as asked). */
  const appendFor = (partnerId: string, padding = 0) => {
    const customerId = randomUUID();
    return h.client.appendToStream(`customer-${customerId}`, [
      jsonEvent({
        type: 'CustomerDetailsUpdated',
        data: { customerId, partnerId, companyName: 'x'.repeat(padding), updatedAt: new Date().toISOString() },
        metadata: { schemaVersion: 1 },
      }),
    ]);
  };

  /** The positions of every event of the log the partner may see, in log order. */
  const positionsFor = async (partnerId: string) => {
    const positions: string[] = [];
    for await (const resolved of h.client.readAll({ fromPosition: START })) {
      const event = resolved.event;
      if (event && !event.type.startsWith('$') && partnersConcernedBy(event.type, event.data).includes(partnerId))
        positions.push(event.position.commit.toString());
    }
    return positions;
  };

  const partnersOf = (data: string) => {
    const cloudEvent = JSON.parse(data);
    return partnersConcernedBy(/^com\.csp-relationships\.(\w+)\.v\d+$/.exec(cloudEvent.type)![1], cloudEvent.data);
  };

  it("resumes after 20 random disconnects with exactly the partner's events, in log order, once each, never another's", async () => {
    const [mine, theirs] = [uid('feed-a'), uid('feed-b')];
    let appending = true;
    const appender = (async () => {
      for (let i = 0; appending || i < 40; i++) {
        await appendFor(i % 2 ? mine : theirs);
        if (i % 5 === 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
      }
    })();
    const received: string[] = [];
    const receive = (connection: SseConnection) => {
      for (const event of connection.events) {
        expect(partnersOf(event.data)).toContain(mine);
        received.push(event.id!);
      }
    };
    let lastId: string | undefined;
    for (let disconnect = 0; disconnect < 20; disconnect++) {
      // The first connection replays the log from its start (from the store), later ones resume from their last id,
      // from the hub's memory or, when they fell further behind than it holds, from the store again.
      const connection = await openSse(
        h.url,
        lastId ? STREAM : `${STREAM}?from=start`,
        auth(mine, lastId ? { 'last-event-id': lastId } : {}),
      );
      expect(connection.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 120));
      connection.close();
      await connection.ended;
      receive(connection);
      lastId = received.at(-1) ?? lastId;
    }
    appending = false;
    await appender;
    const expected = await positionsFor(mine);
    const last = await openSse(h.url, STREAM, auth(mine, lastId ? { 'last-event-id': lastId } : {}));
    await eventually(
      async () => last.events.at(-1)?.id,
      (id) => id === expected.at(-1) || (received.length > 0 && received.at(-1) === expected.at(-1)),
    );
    last.close();
    await last.ended;
    receive(last);
    expect(new Set(received).size).toBe(received.length);
    expect(received).toEqual(expected);
    expect(expected.length).toBeGreaterThan(20);
  });

  it('sends CloudEvents of what commands wrote, starting at the current end of the log without Last-Event-ID', async () => {
    const partner = await enrol(h, 'direct');
    const connection = await openSse(h.url, `${STREAM}?types=CustomerAdded`, auth(partner.partnerId));
    expect(connection.headers['content-type']).toMatch(/^text\/event-stream/);
    const customer = await addCustomer(h, partner.token);
    await connection.waitForEvents(1);
    connection.close();
    const cloudEvent = JSON.parse(connection.events[0].data);
    expect(cloudEvent).toMatchObject({
      specversion: '1.0',
      type: expect.stringMatching(/^com\.csp-relationships\.CustomerAdded\.v\d+$/),
      subject: `customers/${customer.customerId}`,
      logposition: connection.events[0].id,
      data: { partnerId: partner.partnerId, customerId: customer.customerId },
    });
    // Its enrolment came before the connection: not replayed, and not of the asked type anyway.
    expect(connection.events).toHaveLength(1);
  });

  it('cuts off a client that stopped reading once it falls behind what the server keeps, and it resumes with no gap', async () => {
    const partnerId = uid('feed-slow');
    const connection = await openSse(h.url, STREAM, auth(partnerId));
    await eventually(
      async () => connection.comments,
      (comments) => comments.includes('connected'),
    );
    connection.pause();
    // Large events fill the socket's buffers, so the server sees back-pressure and pauses the stream; the log then
    // moves past what the hub keeps (40 events) and the stream is cut off instead of queueing. How much the paused
    // connection takes in first is the kernel's to say (its buffers grow with the traffic, to 32 MiB here), so the
    // appends go on until the cut-off, up to well past the largest buffers Linux allows.
    const cutOff = `a stream of partner ${partnerId} was cut off`;
    for (let i = 0; i < 1_000 && !h.logs().includes(cutOff); i++) await appendFor(partnerId, 60_000);
    await eventually(
      async () => h.logs(),
      (logs) => logs.includes(cutOff),
    );
    connection.resume();
    await connection.ended;
    const expected = await positionsFor(partnerId);
    const before = connection.events.map((e) => e.id!);
    expect(before.length).toBeLessThan(expected.length);
    const resumed = await openSse(h.url, STREAM, auth(partnerId, { 'last-event-id': before.at(-1)! }));
    await resumed.waitForEvents(expected.length - before.length);
    resumed.close();
    expect([...before, ...resumed.events.map((e) => e.id!)]).toEqual(expected);
  });

  it('keeps an idle connection open with heartbeat comments', async () => {
    const connection = await openSse(h.url, STREAM, auth(uid('feed-idle')));
    await eventually(
      async () => connection.comments.filter((c) => c === 'heartbeat').length,
      (count) => count >= 2,
      5_000,
    );
    expect(connection.events).toHaveLength(0);
    connection.close();
  });

  it.each([
    [`${STREAM}?types=CustomerAdded,NoSuchEvent`, {}, 'types'],
    [STREAM, { 'last-event-id': 'abc' }, 'Last-Event-ID'],
    [`${STREAM}?lastEventId=-4`, {}, 'lastEventId'],
    [`${STREAM}?from=tomorrow`, {}, 'from'],
  ])('answers %s %j with problem+json naming %s', async (path, headers, field) => {
    const connection = await openSse(h.url, path, auth(uid('feed-bad'), headers));
    await connection.ended;
    expect(connection.status).toBe(400);
    expect(connection.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(connection.body)).toMatchObject({ code: 'VALIDATION', field });
  });

  it('refuses customers, auditors and anonymous callers, and streams past the per-partner cap with 429', async () => {
    const customer = await openSse(h.url, STREAM, { authorization: `Bearer ${h.customerToken(randomUUID())}` });
    const auditor = await openSse(h.url, STREAM, { authorization: `Bearer ${h.auditorToken(uid('p'))}` });
    const anonymous = await openSse(h.url, STREAM);
    await Promise.all([customer.ended, auditor.ended, anonymous.ended]);
    expect([customer.status, auditor.status, anonymous.status]).toEqual([403, 403, 401]);

    const partnerId = uid('feed-cap');
    const open = await Promise.all([1, 2, 3].map(() => openSse(h.url, STREAM, auth(partnerId))));
    const fourth = await openSse(h.url, STREAM, auth(partnerId));
    await fourth.ended;
    expect(open.map((c) => c.status)).toEqual([200, 200, 200]);
    expect(fourth.status).toBe(429);
    expect(fourth.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(fourth.body)).toMatchObject({ code: 'TOO_MANY_STREAMS' });
    // Another partner is not affected, and closing one frees its place.
    const other = await openSse(h.url, STREAM, auth(uid('feed-cap')));
    expect(other.status).toBe(200);
    other.close();
    open[0].close();
    await open[0].ended;
    const again = await eventually(
      () => openSse(h.url, STREAM, auth(partnerId)),
      (connection) => connection.status === 200 || (connection.close(), false),
    );
    for (const connection of [...open, again]) connection.close();
  });
});

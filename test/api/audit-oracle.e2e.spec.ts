import fc from 'fast-check';
import { START } from '@eventstore/db-client';
import { currentSchemaVersion, customerConcernedBy, customerDecider, fold, partnersConcernedBy, type CustomerEvent } from '@app/domain';
import { generateHistory, seededRandom, type GeneratedEvent } from '@app/read-models';
import { customerStateView } from '../../apps/api/src/queries/audit-state/customer-state-view';
import { startApiHarness, type ApiHarness } from './support/api-harness';
import { expectStatus } from './support/fixtures';

// The benchmark's appender: batches of one stream's consecutive events, several streams in flight.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { appendHistory } = require('../../bench/read-models/history-to-store.js');

/** One event of the log as the oracle holds it, read back from `$all`. */
interface Logged {
  readonly streamId: string;
  readonly revision: number;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly metadata: Record<string, unknown>;
  readonly commit: bigint;
  readonly createdMs: number;
  readonly customerId?: string;
  readonly partnerIds: readonly string[];
}

let sequence = 0;
/** Metadata as the command path writes it, with an actor taken from the event so entries can be told apart. */
const metadataOf = (event: GeneratedEvent) => {
  const n = ++sequence;
  const partnerId = event.data.partnerId ?? event.data.providerId;
  return {
    schemaVersion: currentSchemaVersion(event.type),
    actor:
      typeof partnerId === 'string'
        ? { kind: 'partner', partnerId, userId: `user-${n % 7}`, role: 'GlobalAdmin' }
        : { kind: 'system', process: 'oracle' },
    correlationId: `correlation-${n}`,
    causationId: `causation-${n}`,
    command: 'Oracle',
  };
};

/** What the history endpoint must answer for a logged event. */
const entryOf = (e: Logged) => ({
  position: String(e.commit),
  stream: e.streamId,
  revision: e.revision,
  type: e.type,
  time: new Date(e.createdMs).toISOString(),
  actor: e.metadata.actor,
  correlationId: e.metadata.correlationId,
  causationId: e.metadata.causationId,
  data: e.data,
});

/**
 * The oracle: a generated history of thousands of events (removals, re-invitations, reassigned admin permissions,
 * changed partners of record) appended straight into the store; the endpoints must answer exactly what a fold of
 * the log read back from `$all` gives, for random customers and moments.
 */
describe('audit history and state against an oracle', () => {
  const seed = Number(process.env.AUDIT_ORACLE_SEED ?? 1313);
  let api: ApiHarness;
  const log: Logged[] = [];
  const byCustomer = new Map<string, Logged[]>();
  let platform: string;

  beforeAll(async () => {
    api = await startApiHarness({ PROJECTOR: 'inline', PROCESS_MANAGER: 'off', READ_YOUR_WRITES_TIMEOUT_MS: '60000' });
    platform = api.auditorToken();
    const history = generateHistory({
      seed,
      events: 5200,
      customers: 300,
      directPartners: 25,
      providers: 8,
      resellers: 60,
      bigProviderCustomers: 20,
    });
    await appendHistory(api.client, history, { inFlight: 16, metadataOf });
    for await (const resolved of api.client.readAll({ fromPosition: START })) {
      const event = resolved.event;
      if (!event || event.streamId.startsWith('$') || event.type.startsWith('$')) continue;
      const data = event.data as Record<string, unknown>;
      const logged: Logged = {
        streamId: event.streamId,
        revision: Number(event.revision),
        type: event.type,
        data,
        metadata: event.metadata as Record<string, unknown>,
        commit: event.position!.commit,
        createdMs: event.created.getTime(),
        customerId: customerConcernedBy(event.streamId, data),
        partnerIds: partnersConcernedBy(event.type, data),
      };
      log.push(logged);
      if (logged.customerId !== undefined) byCustomer.set(logged.customerId, [...(byCustomer.get(logged.customerId) ?? []), logged]);
    }
    // Wait once for the audit index to hold the whole log.
    const head = String(log[log.length - 1].commit);
    const anyCustomer = byCustomer.keys().next().value!;
    expectStatus(
      await api.call('GET', `/v1/audit/customers/${anyCustomer}/history?limit=1`, { token: platform, headers: { 'x-min-position': head } }),
      200,
    );
  }, 100_000);
  afterAll(async () => {
    await api?.close();
  });

  /** Every page of a history, following nextCursor. */
  async function walk(path: string, token: string, limit: number): Promise<{ items: unknown[]; pages: number }> {
    const items: unknown[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const separator = path.includes('?') ? '&' : '?';
      const page = expectStatus(
        await api.call('GET', `${path}${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token }),
        200,
      ).body;
      items.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    return { items, pages };
  }

  it('has a log of at least 5,000 events over hundreds of customers', () => {
    expect(log.length).toBeGreaterThanOrEqual(5000);
    expect(byCustomer.size).toBeGreaterThanOrEqual(300);
    expect(log.filter((e) => e.type === 'RelationshipRemoved').length).toBeGreaterThan(50);
    expect(log.filter((e) => e.type === 'PartnerOfRecordAssigned').length).toBeGreaterThan(20);
    expect(log.filter((e) => e.type === 'AdminPermissionsGranted' && e.data.via === 'reassignment').length).toBeGreaterThan(50);
  });

  it('for 200 random (customer, moment) pairs, state equals the fold of the log up to the moment and history is exactly the log, over pages', async () => {
    const rnd = seededRandom(seed);
    const customers = [...byCustomer.keys()];
    let multiPage = 0;
    for (let pair = 0; pair < 200; pair++) {
      const customerId = customers[Math.floor(rnd() * customers.length)];
      const events = byCustomer.get(customerId)!;
      const stream = events.filter((e) => e.streamId === `customer-${customerId}`);
      // A moment from just before the customer's first event to past its last, by time or by position.
      const probe =
        log[
          Math.min(
            log.length - 1,
            log.indexOf(stream[0]) - 1 + Math.floor(rnd() * (log.indexOf(stream[stream.length - 1]) - log.indexOf(stream[0]) + 3)),
          )
        ];
      const byTime = pair % 2 === 0;
      const within = (e: Logged) => (byTime ? e.createdMs <= probe.createdMs : e.commit <= probe.commit);
      const at = new Date(probe.createdMs).toISOString();
      // Every fourth pair is read by an Auditor of one of the partners the customer's history names.
      const partners = [...new Set(events.flatMap((e) => e.partnerIds))];
      const auditorOf = pair % 4 === 3 && partners.length > 0 ? partners[Math.floor(rnd() * partners.length)] : undefined;
      const token = auditorOf === undefined ? platform : api.auditorToken(auditorOf);

      const cut = stream.filter(within);
      const state = expectStatus(
        await api.call('GET', `/v1/audit/customers/${customerId}/state?${byTime ? `at=${at}` : `position=${probe.commit}`}`, { token }),
        200,
      ).body;
      expect({ pair, state }).toEqual({
        pair,
        state: {
          customerId,
          position: cut.length === 0 ? null : String(cut[cut.length - 1].commit),
          ...customerStateView(fold(customerDecider, cut as unknown as CustomerEvent[]), auditorOf),
        },
      });

      const expected = events
        .filter((e) => (!byTime || within(e)) && (auditorOf === undefined || e.partnerIds.includes(auditorOf)))
        .map(entryOf);
      const limit = 2 + Math.floor(rnd() * 8);
      const history = await walk(`/v1/audit/customers/${customerId}/history${byTime ? `?to=${at}` : ''}`, token, limit);
      expect({ pair, items: history.items }).toEqual({
        pair,
        items: expected.map((entry) => expect.objectContaining(entry)),
      });
      if (history.pages > 2) multiPage++;
    }
    expect(multiPage).toBeGreaterThan(60);
  }, 90_000);

  it("an Auditor never sees another partner's entries (property over random auditor and customer pairs)", async () => {
    const customers = [...byCustomer.keys()];
    const partners = [...new Set(log.flatMap((e) => e.partnerIds))];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...partners),
        fc.constantFrom(...customers),
        fc.constantFrom(...partners),
        async (partnerId, customerId, other) => {
          const token = api.auditorToken(partnerId);
          const concerning = byCustomer.get(customerId)!.filter((e) => e.partnerIds.includes(partnerId));
          const history = await api.call('GET', `/v1/audit/customers/${customerId}/history?limit=200`, { token });
          const state = await api.call('GET', `/v1/audit/customers/${customerId}/state`, { token });
          if (concerning.length === 0) {
            // A customer this partner never dealt with answers like an unknown one.
            const unknown = await api.call('GET', '/v1/audit/customers/c-unknown/history', { token });
            for (const answer of [history, state])
              expect([answer.status, answer.body.code, answer.body.field]).toEqual([unknown.status, unknown.body.code, unknown.body.field]);
            expect(unknown.status).toBe(404);
          } else {
            expect(history.status).toBe(200);
            for (const item of history.body.items) expect(partnersConcernedBy(item.type, item.data)).toContain(partnerId);
            expect(history.body.items.map((i: { position: string }) => i.position)).toEqual(
              concerning.slice(0, 200).map((e) => String(e.commit)),
            );
            expect(state.status).toBe(200);
            for (const r of state.body.relationships) expect(r.partnerId).toBe(partnerId);
            for (const a of state.body.adminPermissions) expect(a.partnerId).toBe(partnerId);
            for (const a of state.body.associations) expect([a.providerId, a.resellerId]).toContain(partnerId);
            for (const s of state.body.subscriptions) expect([s.partnerId, s.partnerOfRecordId, s.supportContactId]).toContain(partnerId);
          }
          // Another partner's own history, or its slice of the customer, is never shown.
          if (other !== partnerId) {
            expect((await api.call('GET', `/v1/audit/partners/${other}/history`, { token })).status).toBe(404);
            expect((await api.call('GET', `/v1/audit/customers/${customerId}/history?partner=${other}`, { token })).status).toBe(404);
          }
        },
      ),
      { numRuns: 150, seed },
    );
  }, 60_000);
});

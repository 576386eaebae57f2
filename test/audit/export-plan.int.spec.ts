import { EventStoreDBClient, jsonEvent, type Position } from '@eventstore/db-client';
import { customerConcernedBy, partnersConcernedBy } from '@app/domain';
import { startEventStoreServer, type EmbeddedEventStore } from '@app/eventstore-server';
import type { IndexedExportStreams } from '@app/read-models';
import { exportLines, planExport, type ExportIndex } from '../../apps/api/src/audit-export/export-lines';
import { ExportThreads } from '../../apps/api/src/audit-export/export-threads';
import { auditKeyFromPem } from '@app/audit';
import { generateKeyPairSync } from 'node:crypto';

const at = '2026-03-01T10:00:00.000Z';
// In log order: c1's own stream, an invitation about c1 (p2 its partner), another customer, then c1 again.
const HISTORY = [
  {
    stream: 'customer-c1',
    type: 'RelationshipEstablished',
    data: { customerId: 'c1', partnerId: 'p1', origin: 'added', establishedAt: at },
  },
  {
    stream: 'customer-c2',
    type: 'RelationshipEstablished',
    data: { customerId: 'c2', partnerId: 'p1', origin: 'added', establishedAt: at },
  },
  {
    stream: 'invitation-i1',
    type: 'RelationshipRequested',
    data: { invitationId: 'i1', customerId: 'c1', partnerId: 'p2', requestedAt: at },
  },
  {
    stream: 'customer-c2',
    type: 'RelationshipEstablished',
    data: { customerId: 'c2', partnerId: 'p2', origin: 'added', establishedAt: at },
  },
  {
    stream: 'customer-c1',
    type: 'RelationshipEstablished',
    data: { customerId: 'c1', partnerId: 'p2', origin: 'added', establishedAt: at },
  },
  {
    stream: 'partnership-p1_r1',
    type: 'PartnershipRequested',
    data: { providerId: 'p1', resellerId: 'r1', requestedBy: 'u', requestedAt: at },
  },
];

/**
 * An audit index that has read the log up to `reached` (a commit position), selecting by the domain's rule as the
 * audit-index projection does.
 */
function indexThrough(events: readonly { stream: string; type: string; data: object; commit: bigint }[], reached: bigint): ExportIndex {
  return async (scope, reader, through): Promise<IndexedExportStreams> => {
    const upTo = reached < BigInt(through) ? reached : BigInt(through);
    const read = events.filter((event) => event.commit <= upTo);
    const selected = read.filter((event) =>
      scope.kind === 'customer'
        ? customerConcernedBy(event.stream, event.data) === scope.id
        : partnersConcernedBy(event.type, event.data).includes(scope.id),
    );
    return {
      reached: Number(upTo),
      streams: [...new Set(selected.map((event) => event.stream))],
      concernsReader: reader === undefined || selected.some((event) => partnersConcernedBy(event.type, event.data).includes(reader)),
    };
  };
}

describe('the plan of a customer or partner export', () => {
  let store: EmbeddedEventStore;
  let client: EventStoreDBClient;
  const events: { stream: string; type: string; data: object; commit: bigint }[] = [];

  beforeAll(async () => {
    store = await startEventStoreServer({ port: 0, memory: true });
    client = EventStoreDBClient.connectionString(store.connectionString);
    const heads = new Map<string, number>();
    for (const event of HISTORY) {
      const revision = (heads.get(event.stream) ?? -1) + 1;
      heads.set(event.stream, revision);
      const chain = { prev: null, hash: `${event.stream}@${revision}` };
      const result = await client.appendToStream(
        event.stream,
        jsonEvent({ type: event.type, data: event.data, metadata: { schemaVersion: 1, chain } }),
      );
      events.push({ ...event, commit: (result.position as Position).commit });
    }
  });
  afterAll(async () => {
    await client?.dispose();
    await store?.stop();
  });

  const requests = [
    { scope: { kind: 'customer' as const, id: 'c1', visibleTo: 'platform' } },
    { scope: { kind: 'customer' as const, id: 'c1', visibleTo: 'p2' }, redactFor: 'p2' },
    { scope: { kind: 'partner' as const, id: 'p2', visibleTo: 'platform' } },
    { scope: { kind: 'customer' as const, id: 'c2', visibleTo: 'r1' }, redactFor: 'r1' },
  ];

  it.each(requests)(
    'selects the same streams whatever part of the log the index has read ($scope.kind $scope.id, for $scope.visibleTo)',
    async (request) => {
      const fromTheLog = await planExport(client, request);
      for (const reached of [-1n, ...events.map((event) => event.commit)]) {
        const plan = await planExport(client, request, indexThrough(events, reached));
        expect([...(plan?.streams ?? [])].sort()).toEqual([...(fromTheLog?.streams ?? [])].sort());
        expect(plan === undefined).toBe(fromTheLog === undefined);
      }
    },
  );

  it("exports every event of the customer's streams in log order, reading them stream by stream", async () => {
    const key = auditKeyFromPem(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const plan = await planExport(client, requests[0], indexThrough(events, events[2].commit));
    let text = '';
    for await (const chunk of exportLines({ client, threads: new ExportThreads(store.connectionString) }, plan!, key, () => new Date(0)))
      text += chunk.toString();
    const lines = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.slice(0, 3).map((line) => `${line.stream}@${line.revision}`)).toEqual([
      'customer-c1@0',
      'invitation-i1@0',
      'customer-c1@1',
    ]);
    expect(lines.slice(3, 5)).toMatchObject([
      { head: 'customer-c1', revision: 1, position: lines[2].position },
      { head: 'invitation-i1', revision: 0, position: lines[1].position },
    ]);
    expect(lines.at(-1).manifest).toMatchObject({ count: 3, streams: 2 });
  });
});

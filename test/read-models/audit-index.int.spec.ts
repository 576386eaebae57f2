import {
  ActiveTables,
  auditIndexProjection,
  docsTableName,
  queryCustomerHistory,
  queryPartnerHistory,
  type AuditHistoryFilter,
  type AuditIndexEntry,
} from '@app/read-models';
import { describeDb } from '../support/postgres';
import { project, projectWithReplays, recorded, rowsOf } from './project';

const at = '2026-03-01T10:00:00.000Z';
const established = (customerId: string, partnerId: string) => ({
  type: 'RelationshipEstablished',
  streamId: `customer-${customerId}`,
  data: { customerId, partnerId, origin: 'added', establishedAt: at },
});
const associationRecorded = (customerId: string, providerId: string, resellerId: string) => ({
  type: 'ResellerAssociationRecorded',
  streamId: `customer-${customerId}`,
  data: { customerId, providerId, resellerId, recordedAt: at },
});
const partnershipRequested = (providerId: string, resellerId: string) => ({
  type: 'PartnershipRequested',
  streamId: `partnership-${providerId}_${resellerId}`,
  data: { providerId, resellerId, requestedBy: 'u', requestedAt: at },
});

const domainClaimed = (customerId: string, domain: string) => ({
  type: 'CustomerDomainClaimed',
  streamId: `customerdomain-${domain}`,
  data: { domain, customerId, claimedAt: at },
});

const events = recorded(
  established('c1', 'p1'),
  established('c1', 'p2'),
  partnershipRequested('p1', 'r1'),
  associationRecorded('c1', 'p1', 'r1'),
  established('c2', 'p2'),
  established('c1', 'p3'),
  domainClaimed('c1', 'contoso.example'),
);

async function walk(
  read: (filter: AuditHistoryFilter) => Promise<{ entries: AuditIndexEntry[]; nextCursor?: string } | undefined>,
  limit: number,
) {
  const entries: AuditIndexEntry[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await read({ limit, cursor });
    if (!page) return undefined;
    entries.push(...page.entries);
    cursor = page.nextCursor;
    pages++;
  } while (cursor);
  return { entries, pages };
}

const where = (entries: readonly AuditIndexEntry[] | undefined) => entries?.map((e) => `${e.streamId}@${e.revision}`);

describeDb('audit index', (database) => {
  test('a replayed batch and a doubled event change no row', async () => {
    const { rows, replayed, doubled } = await projectWithReplays(database().db, auditIndexProjection, events);
    expect(rows.audit_index).toHaveLength(9);
    expect(replayed).toEqual(rows);
    expect(doubled).toEqual(rows);
  });

  test('keeps each event as its rows only, with no stored document to read back and rewrite', async () => {
    const { db } = database();
    const generation = await project(db, auditIndexProjection, events);
    const docs = await db.selectFrom(docsTableName(auditIndexProjection, generation)).selectAll().execute();
    expect(docs).toEqual([]);
    expect((await rowsOf(db, auditIndexProjection, generation)).audit_index).toHaveLength(9);
  });

  test("a customer's history in log order, over cursor pages, for every partner or one partner; a partner's over customers and partnerships", async () => {
    const { db } = database();
    await project(db, auditIndexProjection, events);
    const tables = new ActiveTables(db);
    const customer = (partnerId?: string) => (filter: AuditHistoryFilter) => queryCustomerHistory(db, tables, 'c1', partnerId, filter);

    const all = await walk(customer(), 2);
    // The association concerns p1 and r1 and is listed once; the domain claim concerns no partner.
    expect(where(all?.entries)).toEqual([
      'customer-c1@0',
      'customer-c1@1',
      'customer-c1@2',
      'customer-c1@3',
      'customerdomain-contoso.example@0',
    ]);
    expect(all?.pages).toBe(3);
    expect(where((await walk(customer('r1'), 1))?.entries)).toEqual(['customer-c1@2']);
    expect(where((await walk(customer('p1'), 50))?.entries)).toEqual(['customer-c1@0', 'customer-c1@2']);
    // A partner that never dealt with the customer, and an unknown customer, answer alike.
    expect(await customer('r9')({ limit: 50 })).toBeUndefined();
    expect(await queryCustomerHistory(db, tables, 'c9', undefined, { limit: 50 })).toBeUndefined();

    const partner = await walk((filter) => queryPartnerHistory(db, tables, 'p1', filter), 1);
    expect(where(partner?.entries)).toEqual(['customer-c1@0', 'partnership-p1_r1@0', 'customer-c1@2']);
    expect(
      where((await queryCustomerHistory(db, tables, 'c1', undefined, { limit: 50, types: ['ResellerAssociationRecorded'] }))?.entries),
    ).toEqual(['customer-c1@2']);
    const partnerTimes = partner!.entries.map((e) => e.recordedAt);
    const period = await queryPartnerHistory(db, tables, 'p1', { from: partnerTimes[1], to: partnerTimes[1] });
    expect(where(period?.entries)).toEqual(['partnership-p1_r1@0']);
    expect(where((await queryPartnerHistory(db, tables, 'p1', { from: partnerTimes[1] }))?.entries)).toEqual([
      'partnership-p1_r1@0',
      'customer-c1@2',
    ]);
    expect(await queryPartnerHistory(db, tables, 'p1', { from: '2099-01-01T00:00:00.000Z' })).toEqual({ entries: [] });
    expect(await queryPartnerHistory(db, tables, 'p9', { limit: 50 })).toBeUndefined();
    const times = all!.entries.map((e) => e.recordedAt);
    const window = await queryCustomerHistory(db, tables, 'c1', undefined, { limit: 50, from: times[1], to: times[2] });
    expect(where(window?.entries)).toEqual(['customer-c1@1', 'customer-c1@2']);
  });
});

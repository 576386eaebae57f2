import {
  ActiveTables,
  allProjections,
  applyBatch,
  createGeneration,
  migrateReadModels,
  queryCustomerAccount,
  queryCustomerList,
  queryCustomerPartners,
  queryCustomerSubscriptions,
  queryIndirectProviders,
  queryIndirectResellers,
  queryPendingInvitations,
  QueryValidationError,
} from '@app/read-models';
import { describeDb } from '../support/postgres';
import { recorded } from './project';

const at = '2026-04-01T00:00:00.000Z';
const added = (customerId: string, partnerId: string, companyName: string, primaryDomain: string) => [
  {
    type: 'CustomerAdded',
    data: {
      customerId,
      partnerId,
      companyName,
      primaryDomain,
      address: {},
      primaryContact: {},
      agreement: {},
      adminUserName: 'a',
      addedAt: at,
    },
  },
  { type: 'RelationshipEstablished', data: { customerId, partnerId, origin: 'added', establishedAt: at } },
];
const associated = (customerId: string, providerId: string, resellerId: string) => ({
  type: 'ResellerAssociated',
  data: { providerId, resellerId, customerId, grantAdmin: true, associatedAt: at },
});

// 120 customers of prov (every third associated with res1), two of direct, one of both.
const events = recorded(
  {
    type: 'PartnerEnrolled',
    data: { partnerId: 'prov', kind: 'indirect-provider', name: 'Provider', mpnId: '1', country: 'NO', enrolledAt: at },
  },
  {
    type: 'PartnerEnrolled',
    data: { partnerId: 'res1', kind: 'indirect-reseller', name: 'Reseller One', mpnId: '2', country: 'NO', enrolledAt: at },
  },
  { type: 'PartnershipRequested', data: { providerId: 'prov', resellerId: 'res1', requestedBy: 'u', requestedAt: at } },
  { type: 'PartnershipAccepted', data: { providerId: 'prov', resellerId: 'res1', acceptedBy: 'u', acceptedAt: at } },
  { type: 'PartnershipRequested', data: { providerId: 'prov', resellerId: 'res2', requestedBy: 'u', requestedAt: at } },
  ...Array.from({ length: 120 }, (_, i) => {
    const id = `c${String(i).padStart(3, '0')}`;
    return [
      ...added(id, 'prov', `${i % 2 ? 'Contoso' : 'Fabrikam'} ${id}`, `${id}.example`),
      ...(i % 3 === 0 ? [associated(id, 'prov', 'res1')] : []),
    ];
  }).flat(),
  {
    type: 'SubscriptionAdded',
    data: {
      customerId: 'c000',
      subscriptionId: 's1',
      offerId: 'azure-plan',
      service: 'azure',
      licenseCount: 3,
      partnerId: 'prov',
      supportContactId: 'prov',
      addedAt: at,
    },
  },
  {
    type: 'PartnerOfRecordAssigned',
    data: { customerId: 'c000', subscriptionId: 's1', providerId: 'prov', partnerId: 'res1', assignedAt: at },
  },
  ...added('d1', 'direct', 'Zeta', 'zeta.example'),
  ...added('d2', 'direct', 'alpha', 'ALPHA.example'),
  {
    type: 'RelationshipEstablished',
    data: { customerId: 'c001', partnerId: 'direct', origin: 'invitation', invitationId: 'i0', establishedAt: at },
  },
  {
    type: 'RelationshipRemoved',
    data: {
      customerId: 'c002',
      partnerId: 'prov',
      reason: 'r',
      goodFaithConfirmed: true,
      noticeResponsibilityConfirmed: true,
      removedBy: 'u',
      removedAt: at,
    },
  },
  {
    type: 'RelationshipRequested',
    data: {
      invitationId: 'i1',
      partnerId: 'res1',
      kind: 'combined',
      providerId: 'prov',
      includeAdminPermissions: false,
      services: [],
      tokenHash: 'x',
      expiresAt: '2099-01-01T00:00:00.000Z',
      emailDraft: '',
      requestedBy: 'u',
      requestedAt: at,
    },
  },
  {
    type: 'RelationshipRequested',
    data: {
      invitationId: 'i2',
      partnerId: 'direct',
      kind: 'reseller',
      includeAdminPermissions: true,
      services: ['teams'],
      tokenHash: 'x',
      expiresAt: '2000-01-01T00:00:00.000Z',
      emailDraft: '',
      requestedBy: 'u',
      requestedAt: at,
    },
  },
);

// 1,200 customers of "dense" sharing a domain prefix: the search takes its walk-the-name-index path.
const dense = recorded(
  ...Array.from({ length: 1200 }, (_, i) => {
    const id = `n${String(i).padStart(4, '0')}`;
    return [
      ...added(id, 'dense', `${['Zulu', 'Alpha', 'Mike'][i % 3]} ${(i * 7919) % 1200}`, `shared-${i}.example`),
      ...(i % 4 === 0 ? [associated(id, 'dense', 'dres')] : []),
    ];
  }).flat(),
);

// 30 invitations of "many": requested at five times, in an order that is not the paging order; 5 expired.
const manyInvitations = Array.from({ length: 30 }, (_, i) => ({
  id: `m${String((i * 17) % 30).padStart(2, '0')}`,
  at: `2026-04-0${1 + (i % 5)}T00:00:00.000Z`,
  open: i % 6 !== 5,
}));
const many = recorded(
  ...manyInvitations.map((i) => ({
    type: 'RelationshipRequested',
    data: {
      invitationId: i.id,
      partnerId: 'many',
      kind: 'reseller',
      includeAdminPermissions: false,
      services: [],
      tokenHash: 'x',
      expiresAt: i.open ? '2099-01-01T00:00:00.000Z' : '2000-01-01T00:00:00.000Z',
      emailDraft: '',
      requestedBy: 'u',
      requestedAt: i.at,
    },
  })),
);

describeDb('read-model queries', (database) => {
  let tables: ActiveTables;
  beforeAll(async () => {
    const { db } = database();
    await migrateReadModels(db);
    for (const projection of allProjections) {
      const { generation } = await createGeneration(db, projection);
      await applyBatch(db, projection, generation, [...events, ...dense, ...many]);
    }
    tables = new ActiveTables(db);
  });

  test('customer list: stable order, cursor pages cover every active customer exactly once', async () => {
    const { db } = database();
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await queryCustomerList(db, tables, 'prov', { limit: 50, cursor });
      seen.push(...page.items.map((i) => i.customerId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(119);
    expect(seen).not.toContain('c002');
    expect(new Set(seen).size).toBe(119);
    const firstNames = (await queryCustomerList(db, tables, 'prov', { limit: 3 })).items.map((i) => i.companyName);
    expect(firstNames).toEqual(['Contoso c001', 'Contoso c003', 'Contoso c005']);
    const direct = await queryCustomerList(db, tables, 'direct', {});
    expect(direct.items.map((i) => i.customerId)).toEqual(['d2', 'c001', 'd1']);
    expect(direct.nextCursor).toBeUndefined();
  });

  test('customer list: search by name, domain or id prefix, case-insensitive; reseller filter; the reseller sees its associated customers', async () => {
    const { db } = database();
    expect((await queryCustomerList(db, tables, 'prov', { search: 'fabrikam c01', limit: 200 })).items.map((i) => i.customerId)).toEqual([
      'c010',
      'c012',
      'c014',
      'c016',
      'c018',
    ]);
    expect((await queryCustomerList(db, tables, 'direct', { search: 'ALPHA.EX' })).items.map((i) => i.customerId)).toEqual(['d2']);
    expect((await queryCustomerList(db, tables, 'prov', { search: 'C11' })).items.map((i) => i.customerId)).toHaveLength(10);
    const filtered = await queryCustomerList(db, tables, 'prov', { resellerId: 'res1', limit: 200 });
    expect(filtered.items).toHaveLength(40);
    expect(filtered.items.every((i) => Number(i.customerId.slice(1)) % 3 === 0 && i.resellerIds.includes('res1'))).toBe(true);
    const paged = await queryCustomerList(db, tables, 'prov', { resellerId: 'res1', limit: 25 });
    const rest = await queryCustomerList(db, tables, 'prov', { resellerId: 'res1', limit: 25, cursor: paged.nextCursor });
    expect([...paged.items, ...rest.items].map((i) => i.customerId)).toEqual(filtered.items.map((i) => i.customerId));
    expect(rest.nextCursor).toBeUndefined();
    const searchedAndFiltered = await queryCustomerList(db, tables, 'prov', { resellerId: 'res1', search: 'contoso' });
    expect(searchedAndFiltered.items.map((i) => i.customerId)).toEqual([
      'c003',
      'c009',
      'c015',
      'c021',
      'c027',
      'c033',
      'c039',
      'c045',
      'c051',
      'c057',
      'c063',
      'c069',
      'c075',
      'c081',
      'c087',
      'c093',
      'c099',
      'c105',
      'c111',
      'c117',
    ]);
    const reseller = await queryCustomerList(db, tables, 'res1', { limit: 200 });
    expect(reseller.items).toHaveLength(40);
    expect(reseller.items[0].origin).toBe('associated');
    expect((await queryCustomerList(db, tables, 'prov', { resellerId: 'someone-else' })).items).toEqual([]);
  });

  test('search pages equal a filter-and-sort of the whole list, on the sparse and the dense path', async () => {
    const { db } = database();
    const all: { customerId: string; companyName: string; primaryDomain: string }[] = [];
    for (let cursor: string | undefined, first = true; first || cursor; first = false) {
      const page = await queryCustomerList(db, tables, 'dense', { limit: 200, cursor });
      all.push(...page.items);
      cursor = page.nextCursor;
    }
    expect(all).toHaveLength(1200);
    for (const term of ['shared-1', 'SHARED', 'alpha 1', 'n00', 'mike', 'z', 'zulu 9', 'nothing']) {
      const t = term.toLowerCase();
      const expected = all
        .filter((c) => c.companyName.toLowerCase().startsWith(t) || c.primaryDomain.startsWith(t) || c.customerId.startsWith(t))
        .map((c) => c.customerId);
      const got: string[] = [];
      for (let cursor: string | undefined, first = true; first || cursor; first = false) {
        const page = await queryCustomerList(db, tables, 'dense', { search: term, limit: 37, cursor });
        got.push(...page.items.map((i) => i.customerId));
        cursor = page.nextCursor;
      }
      expect([term, got]).toEqual([term, expected]);
      const inSlice = new Set(all.filter((c) => Number(c.customerId.slice(1)) % 4 === 0).map((c) => c.customerId));
      const sliced: string[] = [];
      for (let cursor: string | undefined, first = true; first || cursor; first = false) {
        const page = await queryCustomerList(db, tables, 'dense', { search: term, resellerId: 'dres', limit: 23, cursor });
        sliced.push(...page.items.map((i) => i.customerId));
        cursor = page.nextCursor;
      }
      expect([term, sliced]).toEqual([term, expected.filter((id) => inSlice.has(id))]);
    }
  });

  test('bad list input is refused with the parameter named', async () => {
    const { db } = database();
    await expect(queryCustomerList(db, tables, 'prov', { cursor: 'not-a-cursor' })).rejects.toMatchObject({ field: 'cursor' });
    await expect(queryCustomerList(db, tables, 'prov', { limit: 0 })).rejects.toBeInstanceOf(QueryValidationError);
    await expect(queryCustomerList(db, tables, 'prov', { limit: 201 })).rejects.toMatchObject({ field: 'limit' });
    await expect(queryCustomerList(db, tables, 'prov', { search: '   ' })).rejects.toMatchObject({ field: 'search' });
  });

  test('account, partners and subscriptions are scoped: another partner gets nothing', async () => {
    const { db } = database();
    expect(await queryCustomerAccount(db, tables, 'prov', 'c000')).toMatchObject({ customerId: 'c000', companyName: 'Fabrikam c000' });
    expect(await queryCustomerAccount(db, tables, 'res1', 'c000')).toMatchObject({ customerId: 'c000' });
    expect(await queryCustomerAccount(db, tables, 'direct', 'c000')).toBeUndefined();
    expect(await queryCustomerAccount(db, tables, 'prov', 'c002')).toBeUndefined();
    expect(await queryCustomerAccount(db, tables, 'prov', 'nope')).toBeUndefined();
    const partners = await queryCustomerPartners(db, tables, 'prov', 'c000');
    expect(partners?.map((p) => [p.partnerId, p.name, p.relationship, p.origin])).toEqual([
      ['prov', 'Provider', 'active', 'added'],
      ['res1', 'Reseller One', 'none', 'associated'],
    ]);
    expect(await queryCustomerPartners(db, tables, 'direct', 'c000')).toBeUndefined();
    const subscriptions = await queryCustomerSubscriptions(db, tables, 'res1', 'c000');
    expect(subscriptions).toEqual([
      expect.objectContaining({ subscriptionId: 's1', licenseCount: 3, partnerOfRecordId: 'res1', supportContactId: 'prov' }),
    ]);
    expect(await queryCustomerSubscriptions(db, tables, 'direct', 'c000')).toBeUndefined();
  });

  test('indirect resellers with counts, indirect providers, pending invitations', async () => {
    const { db } = database();
    expect(await queryIndirectResellers(db, tables, 'prov')).toEqual([
      expect.objectContaining({ resellerId: 'res1', name: 'Reseller One', status: 'active', sharedCustomers: 40, subscriptions: 1 }),
      expect.objectContaining({ resellerId: 'res2', name: null, status: 'requested', sharedCustomers: 0, subscriptions: 0 }),
    ]);
    expect(await queryIndirectResellers(db, tables, 'res1')).toEqual([]);
    expect(await queryIndirectProviders(db, tables, 'res1')).toEqual([
      expect.objectContaining({ providerId: 'prov', name: 'Provider', status: 'active' }),
    ]);
    const now = new Date('2026-05-01T00:00:00.000Z');
    const ids = async (partnerId: string, when: Date) =>
      (await queryPendingInvitations(db, tables, partnerId, when)).items.map((i) => i.invitationId);
    expect(await ids('prov', now)).toEqual(['i1']);
    expect(await ids('res1', now)).toEqual(['i1']);
    expect(await queryPendingInvitations(db, tables, 'direct', now)).toEqual({ items: [] });
    expect(await ids('direct', new Date('1999-01-01T00:00:00.000Z'))).toEqual(['i2']);
  });

  test('pending invitations page newest first by cursor, every open invitation exactly once, ties in id order', async () => {
    const { db } = database();
    const now = new Date('2026-05-01T00:00:00.000Z');
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await queryPendingInvitations(db, tables, 'many', now, { limit: 7, cursor });
      pages.push(page.items.map((i) => i.invitationId));
      cursor = page.nextCursor;
    } while (cursor);
    // 25 open invitations (5 of the 30 have expired): 7 + 7 + 7 + 4.
    expect(pages.map((p) => p.length)).toEqual([7, 7, 7, 4]);
    expect(pages.flat()).toEqual(
      manyInvitations
        .filter((i) => i.open)
        .sort((a, b) => b.at.localeCompare(a.at) || a.id.localeCompare(b.id))
        .map((i) => i.id),
    );
    await expect(queryPendingInvitations(db, tables, 'many', now, { cursor: 'not-a-cursor' })).rejects.toThrow(QueryValidationError);
    await expect(queryPendingInvitations(db, tables, 'many', now, { limit: 201 })).rejects.toThrow(QueryValidationError);
  });
});

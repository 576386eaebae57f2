import { ActiveTables, applyBatch, customerAccountProjection, CustomerAccountViews, type CustomerAccountDoc } from '@app/read-models';
import { openPointReader, type PointReader } from '@app/read-models/shared/point-reader';
import { describeDb } from '../support/postgres';
import { project, recorded } from './project';

const at = '2026-04-01T00:00:00.000Z';
const history = recorded(
  {
    type: 'CustomerAdded',
    data: {
      customerId: 'c1',
      partnerId: 'prov',
      companyName: 'Contoso',
      primaryDomain: 'contoso.example',
      address: {},
      primaryContact: {},
      agreement: {},
      adminUserName: 'admin@contoso.example',
      addedAt: at,
    },
  },
  { type: 'RelationshipEstablished', data: { customerId: 'c1', partnerId: 'prov', origin: 'added', establishedAt: at } },
  { type: 'ResellerAssociated', data: { providerId: 'prov', resellerId: 'res1', customerId: 'c1', grantAdmin: false, associatedAt: at } },
);

describeDb('customer account views (one prepared statement, one serialisation per document version)', (database) => {
  let generation: number;
  let reader: PointReader;
  let views: CustomerAccountViews;
  let rowReads = 0;
  const presented: string[] = [];
  /** Stands in for the API's visibility rule: counts its calls and shows who asked. */
  const present = (caller: string) => (doc: CustomerAccountDoc) => {
    presented.push(`${caller}:${doc.companyName}`);
    return { customerId: doc.customerId, companyName: doc.companyName, shownTo: caller };
  };

  beforeAll(async () => {
    const { db, config } = database();
    generation = await project(db, customerAccountProjection, history);
    reader = openPointReader(db, config);
    const counting: PointReader = {
      get: (sql, parameters) => ((rowReads += 1), reader.get(sql, parameters)),
      version: () => reader.version(),
      close: () => reader.close(),
    };
    views = new CustomerAccountViews(new ActiveTables(db), counting);
  });
  afterAll(async () => reader?.close());
  beforeEach(() => presented.splice(0));

  test('a view is made once per document version and viewer, and remade when the stored document changes', async () => {
    const first = await views.view('prov', 'c1', 'prov', present('prov'));
    expect(first && JSON.parse(first.json)).toEqual({ customerId: 'c1', companyName: 'Contoso', shownTo: 'prov' });
    expect(first?.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    const reads = rowReads;
    expect(await views.view('prov', 'c1', 'prov', present('prov'))).toBe(first);
    expect(presented).toEqual(['prov:Contoso']);
    // SQLite tells that nothing was committed since: the kept view is served without reading the row.
    expect(rowReads - reads).toBe(database().dialect === 'sqlite' ? 0 : 1);

    // Another viewer of the same document gets its own view, never the first one's.
    const reseller = await views.view('res1', 'c1', 'res1', present('res1'));
    expect(reseller && JSON.parse(reseller.json)).toMatchObject({ shownTo: 'res1' });
    expect(reseller?.etag).not.toBe(first?.etag);

    const { db } = database();
    await applyBatch(
      db,
      customerAccountProjection,
      generation,
      recorded({
        type: 'CustomerDetailsUpdated',
        data: { customerId: 'c1', partnerId: 'prov', companyName: 'Contoso Renamed', updatedAt: at },
      }),
    );
    const renamed = await views.view('prov', 'c1', 'prov', present('prov'));
    expect(renamed && JSON.parse(renamed.json)).toMatchObject({ companyName: 'Contoso Renamed' });
    expect(renamed?.etag).not.toBe(first?.etag);
    expect(presented).toEqual(['prov:Contoso', 'res1:Contoso', 'prov:Contoso Renamed']);
  });

  test('a partner without access reads nothing, whatever another partner has cached; nothing shown is nothing served', async () => {
    await views.view('prov', 'c1', 'prov', present('prov'));
    expect(await views.view('stranger', 'c1', 'prov', present('stranger'))).toBeUndefined();
    expect(await views.view('prov', 'no-such-customer', 'prov', present('prov'))).toBeUndefined();
    expect(await views.view('res1', 'c1', 'res1-hidden', () => undefined)).toBeUndefined();
    expect(presented.filter((p) => p.startsWith('stranger'))).toEqual([]);
  });

  test('a commit that takes the access away is seen by the next read, kept view or not', async () => {
    const { db } = database();
    const kept = await views.view('res1', 'c1', 'res1', present('res1'));
    expect(kept).toBeDefined();
    await applyBatch(
      db,
      customerAccountProjection,
      generation,
      recorded({
        type: 'RelationshipRemoved',
        data: {
          customerId: 'c1',
          partnerId: 'prov',
          reason: 'r',
          goodFaithConfirmed: true,
          noticeResponsibilityConfirmed: true,
          removedBy: 'u',
          removedAt: at,
        },
      }),
    );
    // The provider's removal ends the reseller's association-based access too (the domain's rule).
    expect(await views.view('prov', 'c1', 'prov', present('prov'))).toBeUndefined();
    expect(await views.view('res1', 'c1', 'res1', present('res1'))).toBeUndefined();
  });

  test('on SQLite the reader cannot write: it has a read-only connection of its own', async () => {
    const { db, dialect } = database();
    if (dialect !== 'sqlite') return;
    const docs = `rm_customer_account_docs_g${generation}`;
    // Compared by message: better-sqlite3's native part may build its errors with another test file's
    // Error class (one jest worker runs several files), which rejects.toThrow does not count as thrown.
    const refusal = await reader.get(`delete from ${docs} returning id`, []).then(
      () => 'written',
      (error: { message?: string }) => error.message,
    );
    expect(refusal).toMatch(/readonly/);
    expect(await db.selectFrom(docs).select('id').execute()).toEqual([{ id: 'c1' }]);
  });
});

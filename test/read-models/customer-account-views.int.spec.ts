import { ActiveTables, applyBatch, customerAccountProjection, CustomerAccountViews, type CustomerAccountDoc } from '@app/read-models';
import { openPointReader, type PointReader } from '@app/read-models/shared/point-reader';
import { describeDb } from '../support/postgres';
import { project, recorded } from './project';

const at = '2026-04-01T00:00:00.000Z';
const history = recorded(
  { type: 'CustomerAdded', data: { customerId: 'c1', partnerId: 'prov', companyName: 'Contoso', primaryDomain: 'contoso.example', address: {}, primaryContact: {}, agreement: {}, adminUserName: 'admin@contoso.example', addedAt: at } },
  { type: 'RelationshipEstablished', data: { customerId: 'c1', partnerId: 'prov', origin: 'added', establishedAt: at } },
  { type: 'ResellerAssociated', data: { providerId: 'prov', resellerId: 'res1', customerId: 'c1', grantAdmin: false, associatedAt: at } },
);

describeDb('customer account views (one prepared statement, one serialisation per document version)', (database) => {
  let generation: number;
  let reader: PointReader;
  let views: CustomerAccountViews;
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
    views = new CustomerAccountViews(new ActiveTables(db), reader);
  });
  afterAll(() => reader?.close());
  beforeEach(() => presented.splice(0));

  test('a view is made once per document version and viewer, and remade when the stored document changes', async () => {
    const first = await views.view('prov', 'c1', 'prov', present('prov'));
    expect(first && JSON.parse(first.json)).toEqual({ customerId: 'c1', companyName: 'Contoso', shownTo: 'prov' });
    expect(first?.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(await views.view('prov', 'c1', 'prov', present('prov'))).toBe(first);
    expect(presented).toEqual(['prov:Contoso']);

    // Another viewer of the same document gets its own view, never the first one's.
    const reseller = await views.view('res1', 'c1', 'res1', present('res1'));
    expect(reseller && JSON.parse(reseller.json)).toMatchObject({ shownTo: 'res1' });
    expect(reseller?.etag).not.toBe(first?.etag);

    const { db } = database();
    await applyBatch(db, customerAccountProjection, generation, recorded(
      { type: 'CustomerDetailsUpdated', data: { customerId: 'c1', partnerId: 'prov', companyName: 'Contoso Renamed', updatedAt: at } },
    ));
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

  test('on SQLite the reader cannot write: it has a read-only connection of its own', async () => {
    if (database().dialect !== 'sqlite') return;
    await expect(reader.get(`delete from rm_customer_account_access_g${generation} returning partner_id`, [])).rejects.toThrow(/readonly/);
  });
});

import { hash } from 'node:crypto';
import { Kysely } from 'kysely';
import { LRUCache } from 'lru-cache';
import { docsTableName, tableName } from '../runtime/table-names';
import { ActiveTables } from '../shared/active-tables';
import type { PointReader } from '../shared/point-reader';
import { CustomerAccountDoc } from './customer-account.projection';

/** The account if `partnerId` may see it (active relationship or associated reseller), else undefined. */
export async function queryCustomerAccount(
  db: Kysely<any>,
  tables: ActiveTables,
  partnerId: string,
  customerId: string,
): Promise<CustomerAccountDoc | undefined> {
  const accounts = await tables.docs('customer-account');
  const access = await tables.table('customer-account', 'customer_account_access');
  if (!accounts || !access) return undefined;
  const row = await db
    .selectFrom(`${access} as x`)
    .innerJoin(`${accounts} as a`, 'a.id', 'x.customer_id')
    .select('a.doc')
    .where('x.partner_id', '=', partnerId)
    .where('x.customer_id', '=', customerId)
    .executeTakeFirst();
  return row && JSON.parse(row.doc);
}

/** An account as one caller may see it, serialised once: the response body and its strong ETag. */
export interface AccountView {
  readonly json: string;
  readonly etag: string;
}

/**
 * The account read path for the API: one prepared statement that checks access and reads the stored
 * document together, and the caller's view of it serialised once per document version. A kept view is
 * served only while the stored document is byte-for-byte the one it was made from, or, without reading
 * the row again, while the database reports no commit at all since it was read (SQLite's data_version):
 * either way never staler than reading the row now.
 */
export class CustomerAccountViews {
  private readonly views: LRUCache<string, KeptView>;
  private statement = { generation: -1, sql: '' };

  constructor(
    private readonly tables: ActiveTables,
    private readonly reader: PointReader,
    capacity = 4096,
  ) {
    this.views = new LRUCache({ max: capacity });
  }

  /**
   * `present` turns the document into what the caller may see (undefined: nothing); `viewer` must name
   * everything `present` depends on besides the document and the partner (the caller's role), since views
   * are shared by callers of the same partner with the same `viewer`.
   */
  async view(
    partnerId: string,
    customerId: string,
    viewer: string,
    present: (doc: CustomerAccountDoc) => unknown,
  ): Promise<AccountView | undefined> {
    const generation = this.tables.fresh(PROJECTION) ?? (await this.tables.generation(PROJECTION));
    if (generation === undefined) return undefined;
    const key = `${partnerId}\n${viewer}\n${customerId}`;
    const known = this.views.get(key);
    // Taken before the read: a change committed in between leaves the kept view marked older, never newer.
    const version = this.reader.version();
    // Nothing committed since the kept view was read (the generation switch included): it is still the answer.
    if (known && version !== undefined && known.version === version && known.generation === generation) return known.view;
    const row = await this.reader.get(this.statementOf(generation), [partnerId, customerId]);
    if (!row) return undefined;
    const doc = row.doc as string;
    if (known && known.doc === doc) {
      known.version = version;
      known.generation = generation;
      return known.view;
    }
    const shown = present(JSON.parse(doc));
    const view = shown === undefined ? undefined : serialise(shown);
    // Very large documents are served but not kept: the cache stays small whatever the accounts hold.
    if (doc.length <= MAX_CACHED_DOC_CHARS) this.views.set(key, { doc, view, version, generation });
    else this.views.delete(key);
    return view;
  }

  /** The access check and the document in one statement, on the tables of the active generation. */
  private statementOf(generation: number): string {
    if (this.statement.generation !== generation) {
      const access = tableName('customer_account_access', generation);
      const accounts = docsTableName({ name: PROJECTION }, generation);
      const sql = `select a.doc from ${access} as x inner join ${accounts} as a on a.id = x.customer_id where x.partner_id = ? and x.customer_id = ?`;
      this.statement = { generation, sql };
    }
    return this.statement.sql;
  }
}

const PROJECTION = 'customer-account';

interface KeptView {
  /** The stored document the view was made from. */
  readonly doc: string;
  readonly view: AccountView | undefined;
  /** The reader's version and the generation when the document was last read. */
  version: number | undefined;
  generation: number;
}
const MAX_CACHED_DOC_CHARS = 64 * 1024;

function serialise(value: unknown): AccountView {
  const json = JSON.stringify(value);
  return { json, etag: `"${hash('sha256', json, 'base64url').slice(0, 27)}"` };
}

async function hasAccess(db: Kysely<any>, access: string, partnerId: string, customerId: string): Promise<boolean> {
  const row = await db
    .selectFrom(access)
    .select('customer_id')
    .where('partner_id', '=', partnerId)
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  return row !== undefined;
}

export interface CustomerPartner {
  readonly partnerId: string;
  readonly name: string | null;
  readonly kind: string | null;
  readonly relationship: 'active' | 'removed' | 'none';
  readonly origin: string;
  readonly establishedAt: string;
  readonly removedAt: string | null;
  readonly associatedBy: string | null;
  readonly adminServices: string[];
}

/** Partners of a customer the caller may see; undefined (not found) when it may not. */
export async function queryCustomerPartners(
  db: Kysely<any>,
  tables: ActiveTables,
  partnerId: string,
  customerId: string,
): Promise<CustomerPartner[] | undefined> {
  const access = await tables.table('customer-account', 'customer_account_access');
  const partners = await tables.table('customer-account', 'customer_partners');
  if (!access || !partners || !(await hasAccess(db, access, partnerId, customerId))) return undefined;
  const directory = await tables.table('partners', 'partners');
  let q = db.selectFrom(`${partners} as cp`).where('cp.customer_id', '=', customerId).selectAll('cp');
  if (directory) q = q.leftJoin(`${directory} as p`, 'p.partner_id', 'cp.partner_id').select(['p.name', 'p.kind']);
  const rows = await q.orderBy('cp.partner_id').execute();
  return rows.map((r: any) => ({
    partnerId: r.partner_id,
    name: r.name ?? null,
    kind: r.kind ?? null,
    relationship: r.relationship,
    origin: r.origin,
    establishedAt: r.established_at,
    removedAt: r.removed_at,
    associatedBy: r.associated_by,
    adminServices: JSON.parse(r.admin_services),
  }));
}

export interface CustomerSubscription {
  readonly subscriptionId: string;
  readonly offerId: string;
  readonly service: string;
  readonly licenseCount: number;
  readonly partnerId: string;
  readonly partnerOfRecordId: string | null;
  readonly supportContactId: string;
  readonly addedAt: string;
  readonly updatedAt: string;
}

/** The provider that associated this reseller with the customer, while its relationship is active (the access rule's). */
export async function queryAssociatingProviders(
  db: Kysely<any>,
  tables: ActiveTables,
  resellerId: string,
  customerId: string,
): Promise<string[]> {
  const partners = await tables.table('customer-account', 'customer_partners');
  if (!partners) return [];
  const row = await db
    .selectFrom(partners)
    .select('associated_by')
    .where('customer_id', '=', customerId)
    .where('partner_id', '=', resellerId)
    .executeTakeFirst();
  if (!row?.associated_by) return [];
  const provider = await db
    .selectFrom(partners)
    .select('partner_id')
    .where('customer_id', '=', customerId)
    .where('partner_id', '=', row.associated_by)
    .where('relationship', '=', 'active')
    .executeTakeFirst();
  return provider ? [row.associated_by] : [];
}

/** Subscriptions of a customer the caller may see; undefined (not found) when it may not. */
export async function queryCustomerSubscriptions(
  db: Kysely<any>,
  tables: ActiveTables,
  partnerId: string,
  customerId: string,
): Promise<CustomerSubscription[] | undefined> {
  const access = await tables.table('customer-account', 'customer_account_access');
  const subscriptions = await tables.table('customer-account', 'customer_subscriptions');
  if (!access || !subscriptions || !(await hasAccess(db, access, partnerId, customerId))) return undefined;
  const rows = await db.selectFrom(subscriptions).selectAll().where('customer_id', '=', customerId).orderBy('subscription_id').execute();
  return rows.map((r) => ({
    subscriptionId: r.subscription_id,
    offerId: r.offer_id,
    service: r.service,
    licenseCount: Number(r.license_count),
    partnerId: r.partner_id,
    partnerOfRecordId: r.partner_of_record_id,
    supportContactId: r.support_contact_id,
    addedAt: r.added_at,
    updatedAt: r.updated_at,
  }));
}

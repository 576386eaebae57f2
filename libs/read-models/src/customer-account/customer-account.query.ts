import { Kysely } from 'kysely';
import { ActiveTables } from '../shared/active-tables';
import { CustomerAccountDoc } from './customer-account.projection';

/** The account if `partnerId` may see it (active relationship or associated reseller), else undefined. */
export async function queryCustomerAccount(db: Kysely<any>, tables: ActiveTables, partnerId: string, customerId: string): Promise<CustomerAccountDoc | undefined> {
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

async function hasAccess(db: Kysely<any>, access: string, partnerId: string, customerId: string): Promise<boolean> {
  const row = await db.selectFrom(access).select('customer_id').where('partner_id', '=', partnerId).where('customer_id', '=', customerId).executeTakeFirst();
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
export async function queryCustomerPartners(db: Kysely<any>, tables: ActiveTables, partnerId: string, customerId: string): Promise<CustomerPartner[] | undefined> {
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

/** Subscriptions of a customer the caller may see; undefined (not found) when it may not. */
export async function queryCustomerSubscriptions(db: Kysely<any>, tables: ActiveTables, partnerId: string, customerId: string): Promise<CustomerSubscription[] | undefined> {
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

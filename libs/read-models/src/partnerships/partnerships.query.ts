import { Kysely } from 'kysely';
import { ActiveTables } from '../shared/active-tables';
import { PartnershipStatus } from './partnerships.projection';

/** One side's view of a partnership: the other partner's name and the partnership's status and dates. */
interface PartnershipView {
  readonly name: string | null;
  readonly mpnId: string | null;
  readonly status: PartnershipStatus;
  readonly requestedAt: string | null;
  readonly acceptedAt: string | null;
  readonly removedAt: string | null;
}

export interface IndirectReseller extends PartnershipView {
  readonly resellerId: string;
  /** Customers of this provider it associated with the reseller. */
  readonly sharedCustomers: number;
  /** Subscriptions sold by this provider with the reseller as partner of record. */
  readonly subscriptions: number;
}

export interface IndirectProvider extends PartnershipView {
  readonly providerId: string;
}

type Directory = Map<string, { name: string; mpnId: string }>;

function partnershipView(row: any, otherPartnerId: string, directory: Directory): PartnershipView {
  return {
    name: directory.get(otherPartnerId)?.name ?? null,
    mpnId: directory.get(otherPartnerId)?.mpnId ?? null,
    status: row.status,
    requestedAt: row.requested_at,
    acceptedAt: row.accepted_at,
    removedAt: row.removed_at,
  };
}

async function names(db: Kysely<any>, tables: ActiveTables, ids: string[]): Promise<Directory> {
  const directory = await tables.table('partners', 'partners');
  if (!directory || ids.length === 0) return new Map();
  const rows = await db.selectFrom(directory).select(['partner_id', 'name', 'mpn_id']).where('partner_id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.partner_id, { name: r.name, mpnId: r.mpn_id }]));
}

/** The provider's indirect resellers with status and counts of what they share. */
export async function queryIndirectResellers(db: Kysely<any>, tables: ActiveTables, providerId: string): Promise<IndirectReseller[]> {
  const partnerships = await tables.table('partnerships', 'partnerships');
  if (!partnerships) return [];
  const rows = await db.selectFrom(partnerships).selectAll().where('provider_id', '=', providerId).orderBy('reseller_id').execute();
  const ids = rows.map((r) => r.reseller_id as string);
  const directory = await names(db, tables, ids);
  const customers = new Map<string, number>();
  const subscriptions = new Map<string, number>();
  const shared = await tables.table('customer-list', 'customer_list_resellers');
  if (shared && ids.length > 0) {
    const counts = await db
      .selectFrom(shared)
      .select(['reseller_id', (eb) => eb.fn.countAll().as('n')])
      .where('provider_id', '=', providerId)
      .groupBy('reseller_id')
      .execute();
    for (const c of counts) customers.set(c.reseller_id, Number(c.n));
  }
  const subs = await tables.table('customer-account', 'customer_subscriptions');
  if (subs && ids.length > 0) {
    const counts = await db
      .selectFrom(subs)
      .select(['partner_of_record_id', (eb) => eb.fn.countAll().as('n')])
      .where('partner_id', '=', providerId)
      .where('partner_of_record_id', 'is not', null)
      .groupBy('partner_of_record_id')
      .execute();
    for (const c of counts) subscriptions.set(c.partner_of_record_id, Number(c.n));
  }
  return rows.map((r) => ({
    resellerId: r.reseller_id,
    ...partnershipView(r, r.reseller_id, directory),
    sharedCustomers: customers.get(r.reseller_id) ?? 0,
    subscriptions: subscriptions.get(r.reseller_id) ?? 0,
  }));
}

/** The reseller's indirect providers with partnership status. */
export async function queryIndirectProviders(db: Kysely<any>, tables: ActiveTables, resellerId: string): Promise<IndirectProvider[]> {
  const partnerships = await tables.table('partnerships', 'partnerships');
  if (!partnerships) return [];
  const rows = await db.selectFrom(partnerships).selectAll().where('reseller_id', '=', resellerId).orderBy('provider_id').execute();
  const directory = await names(
    db,
    tables,
    rows.map((r) => r.provider_id),
  );
  return rows.map((r) => ({ providerId: r.provider_id, ...partnershipView(r, r.provider_id, directory) }));
}

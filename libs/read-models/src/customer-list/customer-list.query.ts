import { Kysely, sql } from 'kysely';
import { ActiveTables } from '../shared/active-tables';
import { normalise, prefixEnd } from '../shared/normalise';
import { decodeCursor, encodeCursor, pageLimit, type Page } from '../shared/cursor';
import { QueryValidationError } from '../shared/query-error';

export type { Page } from '../shared/cursor';

export interface CustomerListQuery {
  /** Prefix of the company name, the primary domain or the customer id, case-insensitive. */
  readonly search?: string;
  /** Provider only: customers this provider associated with that indirect reseller. */
  readonly resellerId?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

export interface CustomerListItem {
  readonly customerId: string;
  readonly companyName: string;
  readonly primaryDomain: string;
  readonly origin: string;
  readonly since: string;
  readonly resellerIds: string[];
}

/**
 * A page of a partner's customer list in a stable order (normalised company name, then customer id),
 * keyset-paginated so every page is an index range scan however deep it is.
 */
export async function queryCustomerList(
  db: Kysely<any>,
  tables: ActiveTables,
  partnerId: string,
  query: CustomerListQuery,
): Promise<Page<CustomerListItem>> {
  const limit = pageLimit(query.limit);
  const search = query.search === undefined ? undefined : normalise(query.search);
  if (search !== undefined && (search.length === 0 || search.length > 200 || /^\u{10ffff}+$/u.test(search))) {
    throw new QueryValidationError('search', 'search must be 1 to 200 characters');
  }
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);

  const list = await tables.table('customer-list', 'customer_list');
  const resellers = await tables.table('customer-list', 'customer_list_resellers');
  if (!list || !resellers) return { items: [] };
  const rows =
    search === undefined
      ? await listPage(db, list, resellers, partnerId, query.resellerId, after, limit)
      : query.resellerId
        ? await searchPage(
            db,
            list,
            partnerId,
            { table: resellers, scope: { provider_id: partnerId, reseller_id: query.resellerId } },
            search,
            after,
            limit,
          )
        : await searchPage(db, list, partnerId, { table: list, scope: { partner_id: partnerId } }, search, after, limit);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      customerId: r.customer_id,
      companyName: r.company_name,
      primaryDomain: r.primary_domain,
      origin: r.origin,
      since: r.since,
      resellerIds: JSON.parse(r.reseller_ids),
    })),
    ...(rows.length > limit && last ? { nextCursor: encodeCursor([last.name_norm, last.customer_id]) } : {}),
  };
}

const COLUMNS = ['l.customer_id', 'l.company_name', 'l.name_norm', 'l.primary_domain', 'l.origin', 'l.since', 'l.reseller_ids'] as const;
type ListRow = {
  customer_id: string;
  company_name: string;
  name_norm: string;
  primary_domain: string;
  origin: string;
  since: string;
  reseller_ids: string;
};

const afterCursor = (alias: string, after: [string, string]) =>
  sql<boolean>`(${sql.ref(`${alias}.name_norm`)}, ${sql.ref(`${alias}.customer_id`)}) > (${after[0]}, ${after[1]})`;

/** The whole list, or a provider's reseller slice, walked in index order. */
async function listPage(
  db: Kysely<any>,
  list: string,
  resellers: string,
  partnerId: string,
  resellerId: string | undefined,
  after: [string, string] | undefined,
  limit: number,
): Promise<ListRow[]> {
  // Ordering and cursor come from the table whose index drives the scan.
  const driver = resellerId ? 'r' : 'l';
  let q = resellerId
    ? db
        .selectFrom(`${resellers} as r`)
        .innerJoin(`${list} as l`, (join) => join.onRef('l.partner_id', '=', 'r.provider_id').onRef('l.customer_id', '=', 'r.customer_id'))
        .where('r.provider_id', '=', partnerId)
        .where('r.reseller_id', '=', resellerId)
    : db.selectFrom(`${list} as l`).where('l.partner_id', '=', partnerId);
  if (after) q = q.where(afterCursor(driver, after));
  return (await q
    .select([...COLUMNS])
    .orderBy(`${driver}.name_norm`)
    .orderBy(`${driver}.customer_id`)
    .limit(limit + 1)
    .execute()) as ListRow[];
}

/**
 * A search page in name order without fetching every match: each of the three keys has an index
 * (scope, key, name, id) in the list and in the reseller slices, so each yields its first page of (name, id) pairs from an index-only range
 * scan with a bounded sort; the pairs are merged, and only the page's rows are read.
 */
async function searchPage(
  db: Kysely<any>,
  list: string,
  partnerId: string,
  keyTable: { table: string; scope: Record<string, string> },
  search: string,
  after: [string, string] | undefined,
  limit: number,
): Promise<ListRow[]> {
  const end = prefixEnd(search);
  const keys = async (column: string) => {
    let q = db
      .selectFrom(`${keyTable.table} as l`)
      .select(['l.name_norm', 'l.customer_id'])
      .where(`l.${column}`, '>=', search)
      .where(`l.${column}`, '<', end);
    for (const [name, value] of Object.entries(keyTable.scope)) q = q.where(`l.${name}`, '=', value);
    if (after) q = q.where(afterCursor('l', after));
    return q
      .orderBy('l.name_norm')
      .orderBy('l.customer_id')
      .limit(limit + 1)
      .execute() as Promise<{ name_norm: string; customer_id: string }[]>;
  };
  const merged = new Map<string, { name_norm: string; customer_id: string }>();
  for (const part of [await keys('name_norm'), await keys('domain_norm'), await keys('id_norm')])
    for (const key of part) merged.set(key.customer_id, key);
  const page = [...merged.values()]
    .sort((a, b) =>
      a.name_norm < b.name_norm
        ? -1
        : a.name_norm > b.name_norm
          ? 1
          : a.customer_id < b.customer_id
            ? -1
            : a.customer_id > b.customer_id
              ? 1
              : 0,
    )
    .slice(0, limit + 1);
  if (page.length === 0) return [];
  const rows = (await db
    .selectFrom(`${list} as l`)
    .select([...COLUMNS])
    .where('l.partner_id', '=', partnerId)
    .where(
      'l.customer_id',
      'in',
      page.map((k) => k.customer_id),
    )
    .execute()) as ListRow[];
  const byId = new Map(rows.map((r) => [r.customer_id, r]));
  return page.map((k) => byId.get(k.customer_id)!).filter(Boolean);
}

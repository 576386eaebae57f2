import { Kysely, sql } from 'kysely';
import { ActiveTables } from '../shared/active-tables';
import { normalise, prefixEnd } from '../shared/normalise';
import { QueryValidationError } from '../shared/query-error';

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

export interface Page<T> {
  readonly items: T[];
  /** Pass back as `cursor` for the next page; absent on the last page. */
  readonly nextCursor?: string;
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) return value as [string, string];
  } catch {
    // fall through to the refusal below
  }
  throw new QueryValidationError('cursor', 'cursor is not one this API returned');
}

const encodeCursor = (nameNorm: string, customerId: string) => Buffer.from(JSON.stringify([nameNorm, customerId])).toString('base64url');

/**
 * A page of a partner's customer list in a stable order (normalised company name, then customer id),
 * keyset-paginated so every page is an index range scan however deep it is.
 */
export async function queryCustomerList(db: Kysely<any>, tables: ActiveTables, partnerId: string, query: CustomerListQuery): Promise<Page<CustomerListItem>> {
  const limit = query.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new QueryValidationError('limit', 'limit must be an integer from 1 to 200');
  const search = query.search === undefined ? undefined : normalise(query.search);
  if (search !== undefined && (search.length === 0 || search.length > 200)) throw new QueryValidationError('search', 'search must be 1 to 200 characters');
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);

  const list = await tables.table('customer-list', 'customer_list');
  const resellers = await tables.table('customer-list', 'customer_list_resellers');
  if (!list || !resellers) return { items: [] };

  // Ordering and cursor come from the table whose index drives the scan.
  const driver = query.resellerId ? 'r' : 'l';
  let q = query.resellerId
    ? db
        .selectFrom(`${resellers} as r`)
        .innerJoin(`${list} as l`, (join) => join.onRef('l.partner_id', '=', 'r.provider_id').onRef('l.customer_id', '=', 'r.customer_id'))
        .where('r.provider_id', '=', partnerId)
        .where('r.reseller_id', '=', query.resellerId)
    : db.selectFrom(`${list} as l`).where('l.partner_id', '=', partnerId);
  if (search !== undefined) {
    const end = prefixEnd(search);
    q = q.where((eb) =>
      eb.or([
        eb.and([eb('l.name_norm', '>=', search), eb('l.name_norm', '<', end)]),
        eb.and([eb('l.domain_norm', '>=', search), eb('l.domain_norm', '<', end)]),
        eb.and([eb('l.id_norm', '>=', search), eb('l.id_norm', '<', end)]),
      ]),
    );
  }
  if (after) q = q.where(sql`(${sql.ref(`${driver}.name_norm`)}, ${sql.ref(`${driver}.customer_id`)})`, '>', sql`(${after[0]}, ${after[1]})`);
  const rows = await q
    .select(['l.customer_id', 'l.company_name', 'l.name_norm', 'l.primary_domain', 'l.origin', 'l.since', 'l.reseller_ids'])
    .orderBy(`${driver}.name_norm`)
    .orderBy(`${driver}.customer_id`)
    .limit(limit + 1)
    .execute();
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
    ...(rows.length > limit && last ? { nextCursor: encodeCursor(last.name_norm, last.customer_id) } : {}),
  };
}

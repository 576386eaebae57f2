import { Kysely } from 'kysely';
import { sqlDialect } from '@app/sql';
import { ActiveTables } from '../shared/active-tables';
import { decodeCursor, encodeCursor, pageLimit } from '../shared/cursor';
import { QueryValidationError } from '../shared/query-error';
import { AuditIndexEntry } from './audit-index.projection';

export interface AuditHistoryFilter {
  /** Only these event types (any when absent). */
  readonly types?: readonly string[];
  /** Recorded at or after this ISO-8601 time (UTC, as the store records it). */
  readonly from?: string;
  /** Recorded at or before this ISO-8601 time. */
  readonly to?: string;
  readonly cursor?: string;
  /** 1 to 200, default 50. */
  readonly limit?: number;
}

export interface AuditIndexPage {
  readonly entries: AuditIndexEntry[];
  readonly nextCursor?: string;
}

const TABLE = ['audit-index', 'audit_index'] as const;

/**
 * A customer's history in log order: every event about it (`partnerId` absent), or those concerning one partner.
 * Undefined when the customer has no such event at all, so an unknown customer and one the partner never dealt with
 * answer alike.
 */
export async function queryCustomerHistory(
  db: Kysely<any>,
  tables: ActiveTables,
  customerId: string,
  partnerId: string | undefined,
  filter: AuditHistoryFilter,
): Promise<AuditIndexPage | undefined> {
  const table = await tables.table(...TABLE);
  if (!table) return undefined;
  const rows = db.selectFrom(table).where('customer_id', '=', customerId);
  const found = await page(partnerId === undefined ? oncePerEvent(db, rows) : rows.where('partner_id', '=', partnerId), filter);
  // An empty page may come from a filter or a cursor at the end; only a customer without any entry is unknown.
  return found.entries.length > 0 || (await customerConcernsPartner(db, tables, customerId, partnerId)) ? found : undefined;
}

/**
 * Rows of a customer's whole history, an event concerning several partners once. PostgreSQL's DISTINCT ON the position
 * walks the (customer, position) index and stops at the page, where its plain DISTINCT sorts every row of the customer
 * by every column; SQLite has no DISTINCT ON, and its DISTINCT walks the same index.
 */
function oncePerEvent(db: Kysely<any>, rows: any): any {
  return sqlDialect(db) === 'postgres' ? rows.distinctOn(['commit_pos', 'prepare_pos']) : rows.distinct();
}

/** A partner's history in log order: every event that concerns it, about any customer or partnership. */
export async function queryPartnerHistory(
  db: Kysely<any>,
  tables: ActiveTables,
  partnerId: string,
  filter: AuditHistoryFilter,
): Promise<AuditIndexPage | undefined> {
  const table = await tables.table(...TABLE);
  if (!table) return undefined;
  const slice = () => db.selectFrom(table).where('partner_id', '=', partnerId);
  const bounds = await periodBounds(slice, filter);
  const found = bounds ? await page(slice(), filter, bounds) : { entries: [] };
  if (found.entries.length > 0) return found;
  const known = await db.selectFrom(table).select('commit_pos').where('partner_id', '=', partnerId).limit(1).executeTakeFirst();
  return known ? found : undefined;
}

/** Whether any event about the customer concerns the partner (every partner: whether any event is about it). */
export async function customerConcernsPartner(
  db: Kysely<any>,
  tables: ActiveTables,
  customerId: string,
  partnerId: string | undefined,
): Promise<boolean> {
  const table = await tables.table(...TABLE);
  if (!table) return false;
  const rows = db.selectFrom(table).select('commit_pos').where('customer_id', '=', customerId);
  const row = await (partnerId === undefined ? rows : rows.where('partner_id', '=', partnerId)).limit(1).executeTakeFirst();
  return row !== undefined;
}

type Position = readonly [number, number];

/**
 * The positions of a partner's first and last entries within the period, from the (partner, time) index, so a page
 * of a short period late in a long history starts there instead of filtering its way from the partner's first entry.
 * The log's order is its recording order, so those positions bound every entry of the period; the time filter stays
 * on the page all the same. Undefined when the period holds no entry.
 */
async function periodBounds(slice: () => any, filter: AuditHistoryFilter): Promise<{ from?: Position; to?: Position } | undefined> {
  const edge = async (time: string, direction: 'asc' | 'desc'): Promise<Position | undefined> => {
    const row = await slice()
      .select(['commit_pos', 'prepare_pos'])
      .where('recorded_at', direction === 'asc' ? '>=' : '<=', time)
      .orderBy('recorded_at', direction)
      .orderBy('commit_pos', direction)
      .orderBy('prepare_pos', direction)
      .limit(1)
      .executeTakeFirst();
    return row && [Number(row.commit_pos), Number(row.prepare_pos)];
  };
  const from = filter.from === undefined ? undefined : await edge(filter.from, 'asc');
  const to = filter.to === undefined ? undefined : await edge(filter.to, 'desc');
  if ((filter.from !== undefined && !from) || (filter.to !== undefined && !to)) return undefined;
  return { from, to };
}

async function page(query: any, filter: AuditHistoryFilter, bounds: { from?: Position; to?: Position } = {}): Promise<AuditIndexPage> {
  const limit = pageLimit(filter.limit);
  let q = query.select(['commit_pos', 'prepare_pos', 'stream_id', 'revision', 'event_type', 'recorded_at']);
  if (filter.types && filter.types.length > 0) q = q.where('event_type', 'in', filter.types);
  if (filter.from) q = q.where('recorded_at', '>=', filter.from);
  if (filter.to) q = q.where('recorded_at', '<=', filter.to);
  if (bounds.from) q = q.where((eb: any) => eb(eb.refTuple('commit_pos', 'prepare_pos'), '>=', eb.tuple(...bounds.from!)));
  if (bounds.to) q = q.where((eb: any) => eb(eb.refTuple('commit_pos', 'prepare_pos'), '<=', eb.tuple(...bounds.to!)));
  if (filter.cursor) {
    const [commit, prepare] = positionOf(filter.cursor);
    q = q.where((eb: any) => eb(eb.refTuple('commit_pos', 'prepare_pos'), '>', eb.tuple(commit, prepare)));
  }
  const rows: any[] = await q
    .orderBy('commit_pos')
    .orderBy('prepare_pos')
    .limit(limit + 1)
    .execute();
  const entries = rows.slice(0, limit).map((r): AuditIndexEntry => ({
    commit: Number(r.commit_pos),
    prepare: Number(r.prepare_pos),
    streamId: r.stream_id,
    revision: Number(r.revision),
    type: r.event_type,
    recordedAt: r.recorded_at,
  }));
  const last = entries[entries.length - 1];
  return rows.length > limit ? { entries, nextCursor: encodeCursor([String(last.commit), String(last.prepare)]) } : { entries };
}

function positionOf(cursor: string): [number, number] {
  const [commit, prepare] = decodeCursor(cursor);
  if (!/^\d{1,16}$/.test(commit) || !/^\d{1,16}$/.test(prepare))
    throw new QueryValidationError('cursor', 'cursor is not one this API returned');
  return [Number(commit), Number(prepare)];
}

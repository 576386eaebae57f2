import { Kysely } from 'kysely';
import { ActiveTables } from '../shared/active-tables';
import { reachedPosition } from '../runtime/wait-for-position';

/** The streams of one customer's or one partner's export, as far as the audit index has read the log. */
export interface IndexedExportStreams {
  /** The index holds every event through this commit position (-1: none; then it names no stream either). */
  readonly reached: number;
  /** Every stream with an indexed event about the customer or partner, at or before the export's end. */
  readonly streams: readonly string[];
  /** Whether any of those events concerns `reader` (true when there is no reader to ask about). */
  readonly concernsReader: boolean;
}

/**
 * The streams the audit index knows hold an event about the customer (`customer_id`) or concerning the partner (its
 * `partner_id` rows), up to `through` and up to where the index has read: the same selection an export makes reading
 * the log, by the same visibility rule, without reading it. What lies past `reached` is for the caller to read.
 */
export async function queryExportStreams(
  db: Kysely<any>,
  tables: ActiveTables,
  scope: { kind: 'customer' | 'partner'; id: string },
  reader: string | undefined,
  through: number,
): Promise<IndexedExportStreams> {
  const table = await tables.table('audit-index', 'audit_index');
  const reached = table ? Math.min(await reachedPosition(db, ['audit-index']), through) : -1;
  if (!table || reached < 0) return { reached: -1, streams: [], concernsReader: reader === undefined };
  const slice = () => {
    const rows = db.selectFrom(table).where('commit_pos', '<=', reached);
    return scope.kind === 'customer' ? rows.where('customer_id', '=', scope.id) : rows.where('partner_id', '=', scope.id);
  };
  const streams = await slice().select('stream_id').distinct().execute();
  // An Auditor's export must concern its own partner: one of the customer's events with a row for that partner.
  const concernsReader =
    reader === undefined || (await slice().select('commit_pos').where('partner_id', '=', reader).limit(1).executeTakeFirst()) !== undefined;
  return { reached, streams: streams.map((row) => row.stream_id as string), concernsReader };
}

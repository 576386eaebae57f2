import { Kysely } from 'kysely';
import { ActiveTables } from '../shared/active-tables';

/**
 * Ids of invitations still pending in the read model whose expiry is at or before `now`, oldest expiry
 * first, for the expiry sweep. The table holds only pending invitations (one row per partner that sees it).
 */
export async function queryDueInvitations(db: Kysely<any>, tables: ActiveTables, now: Date, limit: number): Promise<string[]> {
  const table = await tables.table('pending-invitations', 'pending_invitations');
  if (!table) return [];
  const rows = await db
    .selectFrom(table)
    .select(['invitation_id', 'expires_at'])
    .distinct()
    .where('expires_at', '<=', now.toISOString())
    .orderBy('expires_at')
    .orderBy('invitation_id')
    .limit(limit)
    .execute();
  return rows.map((row) => String(row.invitation_id));
}

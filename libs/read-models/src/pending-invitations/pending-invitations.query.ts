import { Kysely } from 'kysely';
import { ActiveTables } from '../shared/active-tables';
import { decodeCursor, encodeCursor, pageLimit, type Page } from '../shared/cursor';

export interface PendingInvitation {
  readonly invitationId: string;
  readonly invitingPartnerId: string;
  readonly kind: string;
  readonly providerId: string | null;
  readonly includeAdminPermissions: boolean;
  readonly services: string[];
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly expiresAt: string;
}

export interface PendingInvitationsQuery {
  readonly limit?: number;
  readonly cursor?: string;
}

/**
 * Invitations of the partner still open at `now` (one past its expiry is no longer pending), newest first,
 * keyset-paginated on (requested_at, invitation_id) like the customer list.
 */
export async function queryPendingInvitations(
  db: Kysely<any>,
  tables: ActiveTables,
  partnerId: string,
  now: Date,
  query: PendingInvitationsQuery = {},
): Promise<Page<PendingInvitation>> {
  const limit = pageLimit(query.limit);
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const table = await tables.table('pending-invitations', 'pending_invitations');
  if (!table) return { items: [] };
  let q = db.selectFrom(table).selectAll().where('partner_id', '=', partnerId).where('expires_at', '>', now.toISOString());
  if (after) {
    const [requestedAt, invitationId] = after;
    q = q.where((eb) =>
      eb.or([eb('requested_at', '<', requestedAt), eb.and([eb('requested_at', '=', requestedAt), eb('invitation_id', '>', invitationId)])]),
    );
  }
  const rows = await q
    .orderBy('requested_at', 'desc')
    .orderBy('invitation_id')
    .limit(limit + 1)
    .execute();
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return {
    items: rows.slice(0, limit).map(toInvitation),
    ...(last ? { nextCursor: encodeCursor([last.requested_at, last.invitation_id]) } : {}),
  };
}

function toInvitation(r: any): PendingInvitation {
  return {
    invitationId: r.invitation_id,
    invitingPartnerId: r.inviting_partner_id,
    kind: r.kind,
    providerId: r.provider_id,
    includeAdminPermissions: Number(r.include_admin_permissions) === 1,
    services: JSON.parse(r.services),
    requestedBy: r.requested_by,
    requestedAt: r.requested_at,
    expiresAt: r.expires_at,
  };
}

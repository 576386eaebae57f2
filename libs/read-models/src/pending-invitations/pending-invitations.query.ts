import { Kysely } from 'kysely';
import { ActiveTables } from '../shared/active-tables';

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

/** Invitations of the partner still open at `now` (newest first); one past its expiry is no longer pending. */
export async function queryPendingInvitations(db: Kysely<any>, tables: ActiveTables, partnerId: string, now: Date): Promise<PendingInvitation[]> {
  const table = await tables.table('pending-invitations', 'pending_invitations');
  if (!table) return [];
  const rows = await db
    .selectFrom(table)
    .selectAll()
    .where('partner_id', '=', partnerId)
    .where('expires_at', '>', now.toISOString())
    .orderBy('requested_at', 'desc')
    .orderBy('invitation_id')
    .limit(1000)
    .execute();
  return rows.map((r) => ({
    invitationId: r.invitation_id,
    invitingPartnerId: r.inviting_partner_id,
    kind: r.kind,
    providerId: r.provider_id,
    includeAdminPermissions: Number(r.include_admin_permissions) === 1,
    services: JSON.parse(r.services),
    requestedBy: r.requested_by,
    requestedAt: r.requested_at,
    expiresAt: r.expires_at,
  }));
}

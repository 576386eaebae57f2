import { InvitationKind, Service } from '@app/domain';
import { Projection } from '../projection';
import { domainEvent } from '../shared/domain-event';

export interface InvitationDoc {
  invitationId: string;
  partnerId: string;
  kind: InvitationKind;
  providerId?: string;
  includeAdminPermissions: boolean;
  services: Service[];
  requestedBy: string;
  requestedAt: string;
  expiresAt: string;
  status: 'pending' | 'accepted' | 'revoked' | 'expired';
}

/**
 * Invitations still waiting for the customer, listed for the inviting partner and, for a combined
 * invitation, for the provider named in it. Accepted, revoked and expired ones leave the list; one past
 * `expiresAt` with no expiry recorded yet is filtered out by the query.
 */
export const pendingInvitationsProjection: Projection<InvitationDoc> = {
  name: 'pending-invitations',
  version: 1,
  handles: ['RelationshipRequested', 'InvitationAccepted', 'InvitationRevoked', 'InvitationExpired'],
  tables: [
    {
      name: 'pending_invitations',
      columns: {
        partner_id: 'text',
        invitation_id: 'text',
        inviting_partner_id: 'text',
        kind: 'text',
        provider_id: 'text',
        include_admin_permissions: 'integer',
        services: 'text',
        requested_by: 'text',
        requested_at: 'text',
        expires_at: 'text',
      },
      primaryKey: ['partner_id', 'invitation_id'],
      indexes: [['partner_id', 'requested_at', 'invitation_id']],
    },
  ],
  identity: (event) => [event.data.invitationId],
  evolve(doc, event) {
    const e = domainEvent(event);
    switch (e.type) {
      case 'RelationshipRequested':
        return {
          invitationId: e.data.invitationId,
          partnerId: e.data.partnerId,
          kind: e.data.kind,
          ...(e.data.providerId ? { providerId: e.data.providerId } : {}),
          includeAdminPermissions: e.data.includeAdminPermissions,
          services: e.data.services,
          requestedBy: e.data.requestedBy,
          requestedAt: e.data.requestedAt,
          expiresAt: e.data.expiresAt,
          status: 'pending',
        };
      case 'InvitationAccepted':
        return doc && { ...doc, status: 'accepted' };
      case 'InvitationRevoked':
        return doc && { ...doc, status: 'revoked' };
      case 'InvitationExpired':
        return doc && { ...doc, status: 'expired' };
      default:
        return doc;
    }
  },
  rows(doc) {
    if (doc.status !== 'pending') return { pending_invitations: [] };
    const row = {
      invitation_id: doc.invitationId,
      inviting_partner_id: doc.partnerId,
      kind: doc.kind,
      provider_id: doc.providerId ?? null,
      include_admin_permissions: doc.includeAdminPermissions ? 1 : 0,
      services: JSON.stringify(doc.services),
      requested_by: doc.requestedBy,
      requested_at: doc.requestedAt,
      expires_at: doc.expiresAt,
    };
    const partners = doc.providerId ? [doc.partnerId, doc.providerId] : [doc.partnerId];
    return { pending_invitations: partners.map((partnerId) => ({ partner_id: partnerId, ...row })) };
  },
};

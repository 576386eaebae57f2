import { projectionSpec } from '../testing/projection-spec';
import { at, requested } from '../testing/spec-events';
import { pendingInvitationsProjection } from './pending-invitations.projection';

const spec = projectionSpec(pendingInvitationsProjection);
const row = (partnerId: string, invitingPartnerId: string, kind: string, providerId: string | null) => ({
  partner_id: partnerId,
  invitation_id: 'inv-1',
  inviting_partner_id: invitingPartnerId,
  kind,
  provider_id: providerId,
  include_admin_permissions: 1,
  services: '["exchange"]',
  requested_by: 'user-1',
  requested_at: at,
  expires_at: '2026-03-31T10:00:00.000Z',
});

describe('pending-invitations projection', () => {
  it('a reseller invitation is pending for the inviting partner', () =>
    spec.given(requested('inv-1', 'direct')).then({ pending_invitations: [row('direct', 'direct', 'reseller', null)] }));

  it('a combined invitation is pending for the reseller and for the provider it names', () =>
    spec.given(requested('inv-1', 'res', 'prov')).then({
      pending_invitations: [row('prov', 'res', 'combined', 'prov'), row('res', 'res', 'combined', 'prov')],
    }));

  it.each([
    [
      'accepted',
      {
        type: 'InvitationAccepted' as const,
        data: {
          invitationId: 'inv-1',
          partnerId: 'direct',
          kind: 'reseller' as const,
          customerId: 'c1',
          acceptedBy: 'a',
          includeAdminPermissions: true,
          services: ['exchange' as const],
          acceptedAt: at,
        },
      },
    ],
    [
      'revoked',
      { type: 'InvitationRevoked' as const, data: { invitationId: 'inv-1', partnerId: 'direct', revokedBy: 'u', revokedAt: at } },
    ],
    ['expired', { type: 'InvitationExpired' as const, data: { invitationId: 'inv-1', partnerId: 'direct', expiresAt: at, expiredAt: at } }],
  ])('an invitation %s leaves the list', (_outcome, outcome) =>
    spec.given(requested('inv-1', 'direct')).when(outcome).then({ pending_invitations: [] }),
  );

  it('an outcome without its request lists nothing', () =>
    spec
      .given({ type: 'InvitationRevoked', data: { invitationId: 'inv-1', partnerId: 'direct', revokedBy: 'u', revokedAt: at } })
      .then({ pending_invitations: [] }));
});

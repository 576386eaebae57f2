import { partnershipsProjection, partnersProjection, pendingInvitationsProjection } from '@app/read-models';
import { describeDb } from '../support/postgres';
import { projectWithReplays, recorded } from './project';

const at = (n: number) => `2026-03-0${n}T00:00:00.000Z`;

describeDb('partnerships, pending-invitations and partners projections', (database) => {
  test('partnership requested, accepted, removed and requested again', async () => {
    const { db } = database();
    const events = recorded(
      { type: 'PartnershipRequested', data: { providerId: 'p1', resellerId: 'r1', requestedBy: 'u', requestedAt: at(1) } },
      { type: 'PartnershipAccepted', data: { providerId: 'p1', resellerId: 'r1', acceptedBy: 'u', acceptedAt: at(2) } },
      { type: 'PartnershipRequested', data: { providerId: 'p1', resellerId: 'r2', requestedBy: 'u', requestedAt: at(2) } },
      { type: 'PartnershipRequested', data: { providerId: 'p2', resellerId: 'r1', requestedBy: 'u', requestedAt: at(1) } },
      { type: 'PartnershipAccepted', data: { providerId: 'p2', resellerId: 'r1', acceptedBy: 'u', acceptedAt: at(2) } },
      { type: 'PartnershipRemoved', data: { providerId: 'p2', resellerId: 'r1', removedBy: 'u', removedAt: at(3) } },
      { type: 'PartnershipRequested', data: { providerId: 'p3', resellerId: 'r1', requestedBy: 'u', requestedAt: at(1) } },
      { type: 'PartnershipAccepted', data: { providerId: 'p3', resellerId: 'r1', acceptedBy: 'u', acceptedAt: at(2) } },
      { type: 'PartnershipRemoved', data: { providerId: 'p3', resellerId: 'r1', removedBy: 'u', removedAt: at(3) } },
      { type: 'PartnershipRequested', data: { providerId: 'p3', resellerId: 'r1', requestedBy: 'u', requestedAt: at(4) } },
    );
    const { rows, replayed, doubled } = await projectWithReplays(db, partnershipsProjection, events);
    expect(rows.partnerships).toEqual([
      { provider_id: 'p1', reseller_id: 'r1', status: 'active', requested_at: at(1), accepted_at: at(2), removed_at: null },
      { provider_id: 'p1', reseller_id: 'r2', status: 'requested', requested_at: at(2), accepted_at: null, removed_at: null },
      { provider_id: 'p2', reseller_id: 'r1', status: 'removed', requested_at: at(1), accepted_at: at(2), removed_at: at(3) },
      { provider_id: 'p3', reseller_id: 'r1', status: 'requested', requested_at: at(4), accepted_at: null, removed_at: null },
    ]);
    expect(replayed).toEqual(rows);
    expect(doubled).toEqual(rows);
  });

  test('pending invitations: requested ones listed for the inviter (and the provider of a combined one); accepted, revoked, expired leave', async () => {
    const { db } = database();
    const requested = (invitationId: string, partnerId: string, providerId?: string) => ({
      type: 'RelationshipRequested',
      data: {
        invitationId,
        partnerId,
        kind: providerId ? 'combined' : 'reseller',
        ...(providerId ? { providerId } : {}),
        includeAdminPermissions: !providerId,
        services: providerId ? [] : ['exchange'],
        tokenHash: 'ab'.repeat(32),
        expiresAt: at(9),
        emailDraft: 'x {{invitationLink}}',
        requestedBy: 'u',
        requestedAt: at(1),
      },
    });
    const events = recorded(
      requested('i1', 'd1'),
      requested('i2', 'r1', 'p1'),
      requested('i3', 'd1'),
      requested('i4', 'd1'),
      requested('i5', 'd1'),
      {
        type: 'InvitationAccepted',
        data: {
          invitationId: 'i3',
          partnerId: 'd1',
          kind: 'reseller',
          customerId: 'c',
          acceptedBy: 'a',
          includeAdminPermissions: true,
          services: [],
          acceptedAt: at(2),
        },
      },
      { type: 'InvitationRevoked', data: { invitationId: 'i4', partnerId: 'd1', revokedBy: 'u', revokedAt: at(2) } },
      { type: 'InvitationExpired', data: { invitationId: 'i5', partnerId: 'd1', expiresAt: at(9), expiredAt: at(9) } },
    );
    const { rows, replayed, doubled } = await projectWithReplays(db, pendingInvitationsProjection, events);
    const common = { requested_by: 'u', requested_at: at(1), expires_at: at(9) };
    expect(rows.pending_invitations).toEqual([
      {
        partner_id: 'd1',
        invitation_id: 'i1',
        inviting_partner_id: 'd1',
        kind: 'reseller',
        provider_id: null,
        include_admin_permissions: 1,
        services: '["exchange"]',
        ...common,
      },
      {
        partner_id: 'p1',
        invitation_id: 'i2',
        inviting_partner_id: 'r1',
        kind: 'combined',
        provider_id: 'p1',
        include_admin_permissions: 0,
        services: '[]',
        ...common,
      },
      {
        partner_id: 'r1',
        invitation_id: 'i2',
        inviting_partner_id: 'r1',
        kind: 'combined',
        provider_id: 'p1',
        include_admin_permissions: 0,
        services: '[]',
        ...common,
      },
    ]);
    expect(replayed).toEqual(rows);
    expect(doubled).toEqual(rows);
  });

  test('partners directory from PartnerEnrolled', async () => {
    const { db } = database();
    const events = recorded(
      {
        type: 'PartnerEnrolled',
        data: { partnerId: 'p1', kind: 'indirect-provider', name: 'Big Distributor', mpnId: '123', country: 'NO', enrolledAt: at(1) },
      },
      {
        type: 'PartnerEnrolled',
        data: { partnerId: 'r1', kind: 'indirect-reseller', name: 'Small Reseller', mpnId: '456', country: 'SE', enrolledAt: at(2) },
      },
    );
    const { rows, replayed, doubled } = await projectWithReplays(db, partnersProjection, events);
    expect(rows.partners).toEqual([
      { partner_id: 'p1', kind: 'indirect-provider', name: 'Big Distributor', mpn_id: '123', country: 'NO', enrolled_at: at(1) },
      { partner_id: 'r1', kind: 'indirect-reseller', name: 'Small Reseller', mpn_id: '456', country: 'SE', enrolled_at: at(2) },
    ]);
    expect(replayed).toEqual(rows);
    expect(doubled).toEqual(rows);
  });
});

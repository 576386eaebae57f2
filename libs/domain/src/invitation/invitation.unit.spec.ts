import { services } from '../catalogue';
import { CustomerLookup } from '../customer/lookup';
import { fold } from '../shared/decider';
import { deciderSpec } from '../testing/decider-spec';
import { at, direct, now, provider, reseller, tokenHash } from '../testing/fixtures';
import { AcceptInvitation, RequestCombinedRelationship, RequestRelationship } from './commands';
import { InvitationContext } from './context';
import { InvitationEvent, invitationLinkPlaceholder, RelationshipRequested } from './events';
import { defaultEmailDraft, invitationDecider, refusalOf } from './index';

const context: InvitationContext = { now, actingPartner: direct };
const spec = deciderSpec(invitationDecider, context);
const in30Days = '2026-03-31T10:00:00.000Z';

const request = (overrides: Partial<RequestRelationship['data']> = {}): RequestRelationship => ({
  type: 'RequestRelationship',
  data: {
    invitationId: 'inv-1',
    partnerId: direct.partnerId,
    requestedBy: 'user-1',
    includeAdminPermissions: true,
    services: ['exchange', 'teams'],
    tokenHash,
    ...overrides,
  },
});

const requested: RelationshipRequested = {
  type: 'RelationshipRequested',
  data: {
    invitationId: 'inv-1',
    partnerId: direct.partnerId,
    kind: 'reseller',
    includeAdminPermissions: true,
    services: ['exchange', 'teams'],
    tokenHash,
    expiresAt: in30Days,
    emailDraft: defaultEmailDraft('reseller', true),
    requestedBy: 'user-1',
    requestedAt: at,
  },
};

const accept = (overrides: Partial<AcceptInvitation['data']> = {}): AcceptInvitation => ({
  type: 'AcceptInvitation',
  data: { invitationId: 'inv-1', customerId: 'customer-1', acceptedBy: 'cust-admin', tokenHash, ...overrides },
});

const knownCustomer: CustomerLookup = { customerId: 'customer-1', activePartnerIds: [], adminHolders: {}, subscriptions: [] };

const accepted = (customerId = 'customer-1'): InvitationEvent => ({
  type: 'InvitationAccepted',
  data: {
    invitationId: 'inv-1',
    partnerId: direct.partnerId,
    kind: 'reseller',
    customerId,
    acceptedBy: 'cust-admin',
    includeAdminPermissions: true,
    services: ['exchange', 'teams'],
    acceptedAt: at,
  },
});

const later = (iso: string) => ({ now: new Date(iso) });

describe('RequestRelationship', () => {
  it('records the request with the token hash, a 30-day expiry and a default email holding the link placeholder', () => {
    spec.given([]).when(request()).then([requested]);
    expect(requested.data.emailDraft).toContain(invitationLinkPlaceholder);
  });

  it('keeps an edited email that still holds the link, and refuses one that dropped it', () => {
    const emailDraft = `Dear Contoso,\n\nplease accept:\n${invitationLinkPlaceholder}\n\nThanks`;
    const [event] = spec.given([]).when(request({ emailDraft })).events();
    expect(event.type === 'RelationshipRequested' && event.data.emailDraft).toBe(emailDraft);
    spec
      .given([])
      .when(request({ emailDraft: 'Dear Contoso, click the link' }))
      .thenThrows('INVITATION.LINK_MISSING_FROM_EMAIL', 'emailDraft');
    spec
      .given([])
      .when(request({ emailDraft: `${invitationLinkPlaceholder}\u0007` }))
      .thenThrows('VALIDATION', 'emailDraft');
    spec
      .given([])
      .when(request({ emailDraft: invitationLinkPlaceholder + 'x'.repeat(10_000) }))
      .thenThrows('VALIDATION', 'emailDraft');
  });

  it('asks for every service when admin permissions are asked without a list, and none otherwise', () => {
    const [withAll] = spec
      .given([])
      .when(request({ services: undefined }))
      .events();
    expect(withAll.type === 'RelationshipRequested' && withAll.data.services).toEqual(services);
    const [without] = spec
      .given([])
      .when(request({ includeAdminPermissions: false, services: undefined }))
      .events();
    expect(without.type === 'RelationshipRequested' && without.data.services).toEqual([]);
  });

  it('sets the expiry from expiresInDays within 1..90', () => {
    const [event] = spec
      .given([])
      .when(request({ expiresInDays: 1 }))
      .events();
    expect(event.type === 'RelationshipRequested' && event.data.expiresAt).toBe('2026-03-02T10:00:00.000Z');
    spec
      .given([])
      .when(request({ expiresInDays: 0 }))
      .thenThrows('VALIDATION', 'expiresInDays');
    spec
      .given([])
      .when(request({ expiresInDays: 91 }))
      .thenThrows('VALIDATION', 'expiresInDays');
  });

  it.each([
    ['VALIDATION', 'tokenHash', { tokenHash: 'plain-token' }],
    ['VALIDATION', 'services', { includeAdminPermissions: false, services: ['exchange'] }],
    ['VALIDATION', 'services', { services: [] }],
    ['ADMIN.SERVICE_UNKNOWN', 'services[1]', { services: ['exchange', 'mail'] }],
    ['VALIDATION', 'includeAdminPermissions', { includeAdminPermissions: 'yes' }],
    ['VALIDATION', 'invitationId', { invitationId: 'x y' }],
  ])('refuses %s on %s', (code, field, overrides) => {
    spec
      .given([])
      .when(request(overrides as never))
      .thenThrows(code as never, field);
  });

  it('is for direct partners and resellers that are enrolled, once per invitation id', () => {
    spec
      .given([])
      .when(request({ partnerId: provider.partnerId }), { actingPartner: provider })
      .thenThrows('PARTNER.KIND_NOT_ALLOWED', 'partnerId');
    spec.given([]).when(request(), { actingPartner: undefined }).thenThrows('PARTNER.NOT_ENROLLED', 'partnerId');
    expect(
      spec
        .given([])
        .when(request({ partnerId: reseller.partnerId }), { actingPartner: reseller })
        .events(),
    ).toHaveLength(1);
    spec.given([requested]).when(request()).thenThrows('INVITATION.ALREADY_EXISTS', 'invitationId');
  });
});

describe('RequestCombinedRelationship', () => {
  const combined = (overrides: Partial<RequestCombinedRelationship['data']> = {}): RequestCombinedRelationship => ({
    type: 'RequestCombinedRelationship',
    data: { ...request({ partnerId: reseller.partnerId }).data, providerId: provider.partnerId, ...overrides },
  });
  const resellerContext = { actingPartner: reseller, provider, partnershipStatus: 'active' as const };

  it('lets a reseller in an active partnership invite for itself and its provider', () => {
    const [event] = spec.given([]).when(combined(), resellerContext).events();
    expect(event).toMatchObject({
      type: 'RelationshipRequested',
      data: { kind: 'combined', partnerId: reseller.partnerId, providerId: provider.partnerId },
    });
  });

  it('refuses without an active partnership, with a provider that is not one, and from a non-reseller', () => {
    spec
      .given([])
      .when(combined(), { ...resellerContext, partnershipStatus: 'requested' })
      .thenThrows('PARTNERSHIP.NOT_ACTIVE', 'providerId');
    spec
      .given([])
      .when(combined(), { ...resellerContext, provider: undefined })
      .thenThrows('PARTNER.NOT_ENROLLED', 'providerId');
    spec
      .given([])
      .when(combined({ providerId: direct.partnerId }), { ...resellerContext, provider: direct })
      .thenThrows('PARTNER.KIND_NOT_ALLOWED', 'providerId');
    spec
      .given([])
      .when(combined({ partnerId: direct.partnerId }), { ...resellerContext, actingPartner: direct })
      .thenThrows('PARTNER.KIND_NOT_ALLOWED', 'partnerId');
  });
});

describe('AcceptInvitation', () => {
  it('is accepted by a known customer through the matching token', () => {
    spec.given([requested]).when(accept(), { customer: knownCustomer }).then([accepted()]);
  });

  it('carries a new customer’s company name and normalised domain when it has no customer stream yet', () => {
    const [event] = spec
      .given([requested])
      .when(accept({ newCustomer: { companyName: 'Northwind', primaryDomain: 'NorthWind.example' } }))
      .events();
    expect(event.type === 'InvitationAccepted' && event.data.newCustomer).toEqual({
      companyName: 'Northwind',
      primaryDomain: 'northwind.example',
    });
    spec.given([requested]).when(accept()).thenThrows('CUSTOMER.DETAILS_REQUIRED', 'newCustomer');
    spec
      .given([requested])
      .when(accept({ newCustomer: { companyName: 'N', primaryDomain: 'nope' } }))
      .thenThrows('CUSTOMER.DOMAIN_INVALID', 'newCustomer.primaryDomain');
  });

  it('is single-use per customer: the same link serves other customers once each', () => {
    spec
      .given([requested, accepted()])
      .when(accept(), { customer: knownCustomer })
      .thenThrows('INVITATION.ALREADY_ACCEPTED_BY_CUSTOMER', 'customerId');
    const other = { ...knownCustomer, customerId: 'customer-2' };
    spec
      .given([requested, accepted()])
      .when(accept({ customerId: 'customer-2' }), { customer: other })
      .then([accepted('customer-2')]);
  });

  it('refuses a wrong token before saying anything else about the invitation', () => {
    const revoked: InvitationEvent = {
      type: 'InvitationRevoked',
      data: { invitationId: 'inv-1', partnerId: direct.partnerId, revokedBy: 'u', revokedAt: at },
    };
    spec
      .given([requested, revoked])
      .when(accept({ tokenHash: 'b'.repeat(64) }))
      .thenThrows('INVITATION.TOKEN_INVALID');
    spec.given([]).when(accept()).thenThrows('INVITATION.NOT_FOUND');
  });

  it('records the expiry as an outcome when accepted after expiresAt, and refuses once expired', () => {
    const events = spec
      .given([requested])
      .when(accept(), { ...later(in30Days), customer: knownCustomer })
      .events();
    expect(events).toEqual([
      { type: 'InvitationExpired', data: { invitationId: 'inv-1', partnerId: direct.partnerId, expiresAt: in30Days, expiredAt: in30Days } },
    ]);
    expect(refusalOf(accept(), events)?.code).toBe('INVITATION.EXPIRED');
    expect(refusalOf(accept(), [accepted()])).toBeUndefined();
    spec
      .given([requested, ...events])
      .when(accept(), { customer: knownCustomer })
      .thenThrows('INVITATION.EXPIRED');
  });

  it('refuses a revoked invitation', () => {
    const revoked: InvitationEvent = {
      type: 'InvitationRevoked',
      data: { invitationId: 'inv-1', partnerId: direct.partnerId, revokedBy: 'u', revokedAt: at },
    };
    spec.given([requested, revoked]).when(accept(), { customer: knownCustomer }).thenThrows('INVITATION.REVOKED');
  });

  it('refuses a customer already served by the partner, and admin permissions another partner holds', () => {
    spec
      .given([requested])
      .when(accept(), { customer: { ...knownCustomer, activePartnerIds: [direct.partnerId] } })
      .thenThrows('RELATIONSHIP.ALREADY_ACTIVE');
    spec
      .given([requested])
      .when(accept(), { customer: { ...knownCustomer, adminHolders: { teams: provider.partnerId } } })
      .thenThrows('ADMIN.HELD_BY_OTHER_PARTNER', 'services');
    expect(
      spec
        .given([requested])
        .when(accept(), { customer: { ...knownCustomer, adminHolders: { teams: direct.partnerId } } })
        .events(),
    ).toHaveLength(1);
  });

  it('refuses a combined invitation once the partnership is no longer active', () => {
    const combinedRequest: InvitationEvent = {
      ...requested,
      data: { ...requested.data, kind: 'combined', partnerId: reseller.partnerId, providerId: provider.partnerId },
    };
    spec
      .given([combinedRequest])
      .when(accept(), { customer: knownCustomer, partnershipStatus: 'removed' })
      .thenThrows('PARTNERSHIP.NOT_ACTIVE');
    const [event] = spec.given([combinedRequest]).when(accept(), { customer: knownCustomer, partnershipStatus: 'active' }).events();
    expect(event).toMatchObject({ type: 'InvitationAccepted', data: { kind: 'combined', providerId: provider.partnerId } });
  });
});

describe('RevokeInvitation and ExpireInvitation', () => {
  const revoke = (partnerId = direct.partnerId) => ({
    type: 'RevokeInvitation' as const,
    data: { invitationId: 'inv-1', partnerId, revokedBy: 'user-1', reason: 'sent to the wrong contact' },
  });
  const revoked: InvitationEvent = {
    type: 'InvitationRevoked',
    data: { invitationId: 'inv-1', partnerId: direct.partnerId, revokedBy: 'user-1', reason: 'sent to the wrong contact', revokedAt: at },
  };
  const expire = { type: 'ExpireInvitation' as const, data: { invitationId: 'inv-1' } };

  it('revokes an open invitation, also after some customers accepted', () => {
    spec.given([requested]).when(revoke()).then([revoked]);
    spec.given([requested, accepted()]).when(revoke()).then([revoked]);
  });

  it('refuses revoking twice, another partner’s invitation, or an expired one', () => {
    spec.given([requested, revoked]).when(revoke()).thenThrows('INVITATION.REVOKED');
    spec.given([requested]).when(revoke(reseller.partnerId)).thenThrows('INVITATION.NOT_FOUND');
    const expired = spec.given([requested]).when(revoke(), later(in30Days)).events();
    expect(expired.map((e) => e.type)).toEqual(['InvitationExpired']);
    expect(refusalOf(revoke(), expired)?.code).toBe('INVITATION.EXPIRED');
    spec
      .given([requested, ...expired])
      .when(revoke())
      .thenThrows('INVITATION.EXPIRED');
  });

  it('expires by sweep only after expiresAt, once', () => {
    spec.given([requested]).when(expire).thenThrows('INVITATION.NOT_EXPIRED_YET');
    const events = spec.given([requested]).when(expire, later('2026-04-02T00:00:00.000Z')).events();
    expect(events).toEqual([
      {
        type: 'InvitationExpired',
        data: { invitationId: 'inv-1', partnerId: direct.partnerId, expiresAt: in30Days, expiredAt: '2026-04-02T00:00:00.000Z' },
      },
    ]);
    expect(refusalOf(expire, events)).toBeUndefined();
    spec
      .given([requested, ...events])
      .when(expire, later('2026-04-03T00:00:00.000Z'))
      .thenNothing();
    spec.given([requested, revoked]).when(expire, later('2026-04-03T00:00:00.000Z')).thenNothing();
    spec.given([]).when(expire).thenThrows('INVITATION.NOT_FOUND');
  });

  it('replays a history into who accepted and whether it is still open', () => {
    expect(fold(invitationDecider, [requested, accepted(), accepted('customer-2'), revoked])).toMatchObject({
      status: 'revoked',
      acceptedBy: ['customer-1', 'customer-2'],
      tokenHash,
      expiresAt: in30Days,
    });
  });
});

describe('bad input after expiry', () => {
  it('is refused before the expiry outcome is recorded', () => {
    spec
      .given([requested])
      .when(accept({ customerId: 'bad id' }), later(in30Days))
      .thenThrows('VALIDATION', 'customerId');
    spec
      .given([requested])
      .when({ type: 'RevokeInvitation', data: { invitationId: 'inv-1', partnerId: direct.partnerId, revokedBy: '' } }, later(in30Days))
      .thenThrows('VALIDATION', 'revokedBy');
  });
});

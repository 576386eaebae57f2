import { fold } from '../shared/decider';
import { deciderSpec } from '../testing/decider-spec';
import { at, direct, now, otherProvider, provider, reseller } from '../testing/fixtures';
import { PartnershipContext } from './context';
import { PartnershipEvent } from './events';
import { partnershipDecider } from './index';

const context: PartnershipContext = { now, provider, reseller };
const spec = deciderSpec(partnershipDecider, context);
const ids = { providerId: provider.partnerId, resellerId: reseller.partnerId };

const requested: PartnershipEvent = { type: 'PartnershipRequested', data: { ...ids, requestedBy: 'prov-user', requestedAt: at } };
const accepted: PartnershipEvent = { type: 'PartnershipAccepted', data: { ...ids, acceptedBy: 'res-admin', acceptedAt: at } };
const removed: PartnershipEvent = {
  type: 'PartnershipRemoved',
  data: { ...ids, removedBy: 'prov-user', reason: 'contract ended', removedAt: at },
};

const request = { type: 'RequestPartnership' as const, data: { ...ids, requestedBy: 'prov-user' } };
const acceptCommand = { type: 'AcceptPartnership' as const, data: { ...ids, acceptedBy: 'res-admin' } };
const remove = { type: 'RemovePartnership' as const, data: { ...ids, removedBy: 'prov-user', reason: 'contract ended' } };

describe('partnership lifecycle', () => {
  it('is requested by the provider, accepted by the reseller, removed by the provider', () => {
    spec.given([]).when(request).then([requested]);
    spec.given([requested]).when(acceptCommand).then([accepted]);
    spec.given([requested, accepted]).when(remove).then([removed]);
  });

  it('can be requested again after removal, and a pending request can be withdrawn', () => {
    spec.given([requested, accepted, removed]).when(request).then([requested]);
    expect(
      spec
        .given([requested])
        .when(remove)
        .events()
        .map((e) => e.type),
    ).toEqual(['PartnershipRemoved']);
  });

  it('refuses requests in the wrong state', () => {
    spec.given([requested]).when(request).thenThrows('PARTNERSHIP.ALREADY_REQUESTED');
    spec.given([requested, accepted]).when(request).thenThrows('PARTNERSHIP.ALREADY_ACTIVE');
    spec.given([requested, accepted]).when(acceptCommand).thenThrows('PARTNERSHIP.ALREADY_ACTIVE');
    spec.given([]).when(acceptCommand).thenThrows('PARTNERSHIP.NOT_REQUESTED');
    spec.given([requested, removed]).when(acceptCommand).thenThrows('PARTNERSHIP.NOT_REQUESTED');
    spec.given([]).when(remove).thenThrows('PARTNERSHIP.NOT_FOUND');
    spec.given([requested, accepted, removed]).when(remove).thenThrows('PARTNERSHIP.NOT_ACTIVE');
  });

  it('is only between an enrolled indirect provider and an enrolled indirect reseller', () => {
    spec.given([]).when(request, { provider: undefined }).thenThrows('PARTNER.NOT_ENROLLED', 'providerId');
    spec.given([]).when(request, { reseller: undefined }).thenThrows('PARTNER.NOT_ENROLLED', 'resellerId');
    spec
      .given([])
      .when({ ...request, data: { ...request.data, providerId: direct.partnerId } }, { provider: direct })
      .thenThrows('PARTNER.KIND_NOT_ALLOWED', 'providerId');
    spec
      .given([])
      .when({ ...request, data: { ...request.data, resellerId: otherProvider.partnerId } }, { reseller: otherProvider })
      .thenThrows('PARTNER.KIND_NOT_ALLOWED', 'resellerId');
    spec
      .given([])
      .when({ ...request, data: { ...request.data, resellerId: provider.partnerId } })
      .thenThrows('VALIDATION', 'resellerId');
  });
});

describe('ResellerAssociated: an association AddCustomer or AddSubscription requested, completed on this stream', () => {
  const associated: PartnershipEvent = {
    type: 'ResellerAssociated',
    data: { ...ids, customerId: 'customer-1', grantAdmin: false, associatedBy: 'prov-user', associatedAt: at },
  };

  it('completes an association requested by AddCustomer, or declines it when the partnership ended meanwhile', () => {
    const complete = { type: 'CompleteRequestedAssociation' as const, data: { ...ids, customerId: 'customer-1', grantAdmin: true } };
    spec
      .given([requested, accepted])
      .when(complete)
      .then([{ type: 'ResellerAssociated', data: { ...ids, customerId: 'customer-1', grantAdmin: true, associatedAt: at } }]);
    const declined: PartnershipEvent = {
      type: 'ResellerAssociationDeclined',
      data: { ...ids, customerId: 'customer-1', reason: 'PARTNERSHIP.NOT_ACTIVE', declinedAt: at },
    };
    spec.given([requested, accepted, removed]).when(complete).then([declined]);
    spec.given([requested, accepted, removed, declined]).when(complete).thenNothing();
    spec
      .given([requested, accepted, { ...associated, data: { ...associated.data, grantAdmin: true } }])
      .when(complete)
      .thenNothing();
  });

  it('keeps associations when the partnership is removed', () => {
    expect(fold(partnershipDecider, [requested, accepted, associated, removed])).toEqual({
      status: 'removed',
      associations: ['customer-1'],
      declined: [],
      combinedAcceptances: [],
    });
  });
});

describe('ConfirmCombinedInvitation (after a combined InvitationAccepted)', () => {
  const confirm = { type: 'ConfirmCombinedInvitation' as const, data: { ...ids, invitationId: 'inv-1', customerId: 'customer-1' } };
  const confirmed: PartnershipEvent = {
    type: 'CombinedInvitationConfirmed',
    data: { ...ids, invitationId: 'inv-1', customerId: 'customer-1', confirmedAt: at },
  };
  const declined: PartnershipEvent = {
    type: 'CombinedInvitationDeclined',
    data: { ...ids, invitationId: 'inv-1', customerId: 'customer-1', reason: 'PARTNERSHIP.NOT_ACTIVE', declinedAt: at },
  };

  it('confirms while the partnership is active, once', () => {
    spec.given([requested, accepted]).when(confirm).then([confirmed]);
    spec.given([requested, accepted, confirmed]).when(confirm).thenNothing();
    spec.given([requested, accepted, confirmed, removed]).when(confirm).thenNothing();
  });

  it('declines with the reason once the partnership was removed (or never became active), once', () => {
    spec.given([requested, accepted, removed]).when(confirm).then([declined]);
    spec.given([requested]).when(confirm).then([declined]);
    spec.given([requested, accepted, removed, declined]).when(confirm).thenNothing();
  });

  it('confirms each accepting customer of the link separately', () => {
    const other = { ...confirm, data: { ...confirm.data, customerId: 'customer-2' } };
    expect(
      spec
        .given([requested, accepted, confirmed])
        .when(other)
        .events()
        .map((e) => e.type),
    ).toEqual(['CombinedInvitationConfirmed']);
  });
});

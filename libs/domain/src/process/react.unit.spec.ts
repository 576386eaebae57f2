import { customerDecider } from '../customer';
import { AnyDomainEvent } from '../events';
import { partnershipDecider } from '../partnership';
import { fold } from '../shared/decider';
import { addCustomerData, at, direct, now, provider, reseller } from '../testing/fixtures';
import { react, reactsTo } from './react';

const customerContext = { now, actingPartner: provider, partnershipStatus: 'active' as const };

describe('process reactions', () => {
  it('sends a customer added with a reseller to the partnership stream, then mirrors the association back', () => {
    const added = customerDecider.decide(
      { type: 'AddCustomer', data: addCustomerData({ resellerId: reseller.partnerId }) },
      customerDecider.initialState(),
      customerContext,
    );
    const [toPartnership] = react(added[0], 'customer-customer-1');
    expect(toPartnership).toEqual({
      stream: 'partnership-provider-1_reseller-1',
      command: {
        type: 'CompleteRequestedAssociation',
        data: { providerId: provider.partnerId, resellerId: reseller.partnerId, customerId: 'customer-1', grantAdmin: true },
      },
      stepName: 'associate-requested-reseller',
    });

    const partnershipHistory = [
      {
        type: 'PartnershipRequested' as const,
        data: { providerId: provider.partnerId, resellerId: reseller.partnerId, requestedBy: 'u', requestedAt: at },
      },
      {
        type: 'PartnershipAccepted' as const,
        data: { providerId: provider.partnerId, resellerId: reseller.partnerId, acceptedBy: 'u', acceptedAt: at },
      },
    ];
    if (toPartnership.command.type !== 'CompleteRequestedAssociation') throw new Error('unexpected command');
    const [associated] = partnershipDecider.decide(toPartnership.command, fold(partnershipDecider, partnershipHistory), { now });
    const [toCustomer] = react(associated, toPartnership.stream);
    expect(toCustomer).toEqual({
      stream: 'customer-customer-1',
      command: {
        type: 'RecordResellerAssociation',
        data: { customerId: 'customer-1', providerId: provider.partnerId, resellerId: reseller.partnerId, grantAdmin: true },
      },
      stepName: 'mirror-reseller-association',
    });
    if (toCustomer.command.type !== 'RecordResellerAssociation') throw new Error('unexpected command');
    const mirrored = customerDecider.decide(toCustomer.command, fold(customerDecider, added), { now });
    expect(mirrored[0].type).toBe('ResellerAssociationRecorded');
    // Replaying the same step against the new state does nothing.
    expect(customerDecider.decide(toCustomer.command, fold(customerDecider, [...added, ...mirrored]), { now })).toEqual([]);
  });

  it('asks the partnership to make a requested reseller partner of record, and mirrors it onto the subscription', () => {
    const subscriptionAdded: AnyDomainEvent = {
      type: 'SubscriptionAdded',
      data: {
        customerId: 'customer-1',
        subscriptionId: 's-1',
        offerId: 'azure-plan',
        service: 'azure',
        licenseCount: 1,
        partnerId: provider.partnerId,
        supportContactId: provider.partnerId,
        requestedPartnerOfRecordId: reseller.partnerId,
        addedAt: at,
      },
    };
    expect(react(subscriptionAdded, 'customer-customer-1')).toEqual([
      {
        stream: 'partnership-provider-1_reseller-1',
        command: {
          type: 'CompleteRequestedAssociation',
          data: {
            providerId: provider.partnerId,
            resellerId: reseller.partnerId,
            customerId: 'customer-1',
            subscriptionId: 's-1',
            grantAdmin: false,
          },
        },
        stepName: 'associate-requested-partner-of-record',
      },
    ]);
    const associated: AnyDomainEvent = {
      type: 'ResellerAssociated',
      data: {
        providerId: provider.partnerId,
        resellerId: reseller.partnerId,
        customerId: 'customer-1',
        subscriptionId: 's-1',
        grantAdmin: false,
        associatedAt: at,
      },
    };
    expect(react(associated, 'partnership-provider-1_reseller-1')).toEqual([
      {
        stream: 'customer-customer-1',
        command: {
          type: 'AssignPartnerOfRecord',
          data: { customerId: 'customer-1', subscriptionId: 's-1', providerId: provider.partnerId, resellerId: reseller.partnerId },
        },
        stepName: 'mirror-partner-of-record',
      },
    ]);
  });

  it('turns an accepted invitation into relationships on the customer stream', () => {
    const accepted: AnyDomainEvent = {
      type: 'InvitationAccepted',
      data: {
        invitationId: 'inv-1',
        partnerId: reseller.partnerId,
        kind: 'combined',
        providerId: provider.partnerId,
        customerId: 'customer-7',
        acceptedBy: 'cust-admin',
        includeAdminPermissions: false,
        services: [],
        newCustomer: { companyName: 'Northwind', primaryDomain: 'northwind.example' },
        acceptedAt: at,
      },
    };
    expect(react(accepted, 'invitation-inv-1')).toEqual([
      {
        stream: 'customer-customer-7',
        command: {
          type: 'EstablishInvitedRelationships',
          data: {
            customerId: 'customer-7',
            invitationId: 'inv-1',
            partnerId: reseller.partnerId,
            kind: 'combined',
            adminServices: [],
            newCustomer: { companyName: 'Northwind', primaryDomain: 'northwind.example' },
          },
        },
        stepName: 'establish-invited-relationships',
      },
      {
        stream: 'partnership-provider-1_reseller-1',
        command: {
          type: 'ConfirmCombinedInvitation',
          data: { providerId: provider.partnerId, resellerId: reseller.partnerId, invitationId: 'inv-1', customerId: 'customer-7' },
        },
        stepName: 'confirm-combined-invitation',
      },
    ]);
  });

  it('establishes the provider of a combined invitation only after the partnership stream confirmed it', () => {
    const confirmed: AnyDomainEvent = {
      type: 'CombinedInvitationConfirmed',
      data: {
        providerId: provider.partnerId,
        resellerId: reseller.partnerId,
        invitationId: 'inv-1',
        customerId: 'customer-7',
        confirmedAt: at,
      },
    };
    expect(react(confirmed, 'partnership-provider-1_reseller-1')).toEqual([
      {
        stream: 'customer-customer-7',
        command: {
          type: 'EstablishCombinedProviderRelationship',
          data: { customerId: 'customer-7', invitationId: 'inv-1', providerId: provider.partnerId },
        },
        stepName: 'establish-combined-provider-relationship',
      },
    ]);
    const declined: AnyDomainEvent = {
      type: 'CombinedInvitationDeclined',
      data: {
        providerId: provider.partnerId,
        resellerId: reseller.partnerId,
        invitationId: 'inv-1',
        customerId: 'customer-7',
        reason: 'PARTNERSHIP.NOT_ACTIVE',
        declinedAt: at,
      },
    };
    expect(react(declined, 'partnership-provider-1_reseller-1')).toEqual([]);
    expect(react(confirmed, 'customer-customer-7')).toEqual([]);
  });

  it('starts nothing for events that end on their own stream, or seen outside their category', () => {
    const plain = customerDecider.decide(
      { type: 'AddCustomer', data: addCustomerData({ partnerId: direct.partnerId }) },
      customerDecider.initialState(),
      {
        now,
        actingPartner: direct,
      },
    );
    expect(plain.flatMap((event) => react(event, 'customer-customer-1'))).toEqual([]);
    const withReseller = customerDecider.decide(
      { type: 'AddCustomer', data: addCustomerData({ resellerId: reseller.partnerId }) },
      customerDecider.initialState(),
      customerContext,
    );
    expect(react(withReseller[0], 'partnership-provider-1_reseller-1')).toEqual([]);
    expect(react(withReseller[0], '$et-CustomerAdded')).toEqual([]);
    expect(reactsTo).toEqual([
      'CustomerAdded',
      'SubscriptionAdded',
      'ResellerAssociated',
      'InvitationAccepted',
      'CombinedInvitationConfirmed',
    ]);
  });
});

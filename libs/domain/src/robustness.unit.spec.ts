import fc from 'fast-check';
import { customerDecider } from './customer';
import { customerDomainDecider } from './customer-domain';
import { DomainError } from './errors';
import { isDomainEventType } from './events';
import { invitationDecider } from './invitation';
import { partnerDecider } from './partner';
import { partnershipDecider } from './partnership';
import { Decider } from './shared/decider';
import { DomainCommand, DomainEvent } from './shared/types';
import { addCustomerData, direct, now, provider, reseller, tokenHash } from './testing/fixtures';

// Whatever reaches a decision — wrong types, missing or extra fields, huge or control-character strings —
// it answers with events or a DomainError, never a TypeError the API would turn into a 500.

const nasty = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constant('x'.repeat(100_000)),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
);

/** A valid command's fields, each one possibly replaced by junk or dropped. */
const mutated = (valid: Record<string, unknown>) =>
  fc.record(Object.fromEntries(Object.keys(valid).map((key) => [key, fc.oneof(fc.constant(valid[key]), nasty)])), { requiredKeys: [] });

const commandData = fc.oneof(nasty, fc.anything());

const check = <S, C extends DomainCommand, E extends DomainEvent, X>(
  decider: Decider<S, C, E, X>,
  histories: readonly E[][],
  commands: readonly { type: C['type']; valid: Record<string, unknown> }[],
  contexts: readonly X[],
) => {
  const command = fc
    .constantFrom(...commands)
    .chain(({ type, valid }) => fc.oneof(mutated(valid), commandData).map((data) => ({ type, data }) as unknown as C));
  fc.assert(
    fc.property(fc.constantFrom(...histories), command, fc.constantFrom(...contexts), (history, cmd, context) => {
      const state = history.reduce(decider.evolve, decider.initialState());
      let events: E[];
      try {
        events = decider.decide(cmd, state, context);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return;
      }
      for (const event of events) {
        expect(isDomainEventType(event.type)).toBe(true);
        for (const [key, value] of Object.entries(event.data)) {
          if (key.endsWith('Id') || key === 'domain') expect(typeof value === 'string' && value.length > 0).toBe(true);
          if (key.endsWith('At')) expect(new Date(value as string).toISOString()).toBe(value);
        }
      }
      // Whatever was accepted must fold without breaking the state.
      events.reduce(decider.evolve, state);
    }),
    { numRuns: 300 },
  );
};

const customerContext = { now, actingPartner: provider, partnershipStatus: 'active' as const };
const customerAdded = customerDecider.decide(
  { type: 'AddCustomer', data: addCustomerData({ subscriptions: [{ subscriptionId: 's-1', offerId: 'azure-plan', licenseCount: 2 }] }) },
  customerDecider.initialState(),
  customerContext,
);
const lookup = {
  customerId: 'customer-1',
  activePartnerIds: [provider.partnerId],
  adminHolders: {},
  subscriptions: [{ subscriptionId: 's-1', partnerId: provider.partnerId }],
};

describe('decisions under malformed commands', () => {
  it('partner', () => {
    check(
      partnerDecider,
      [[]],
      [{ type: 'EnrolPartner', valid: { partnerId: 'p-1', kind: 'direct', name: 'N', mpnId: '123456', country: 'US' } }],
      [{ now }],
    );
  });

  it('customer domain', () => {
    const claimed = {
      type: 'CustomerDomainClaimed' as const,
      data: { domain: 'contoso.example', customerId: 'c-0', claimedAt: now.toISOString() },
    };
    const orphan = { now, claimant: { customerId: 'c-0', abandoned: true } };
    check(
      customerDomainDecider,
      [[], [claimed]],
      [{ type: 'ClaimCustomerDomain', valid: { domain: 'contoso.example', customerId: 'c-1' } }],
      [{ now }, orphan],
    );
  });

  it('customer', () => {
    const ids = { customerId: 'customer-1', partnerId: provider.partnerId };
    check(
      customerDecider,
      [[], customerAdded],
      [
        {
          type: 'AddCustomer',
          valid: addCustomerData({
            resellerId: reseller.partnerId,
            subscriptions: [{ subscriptionId: 's-2', offerId: 'azure-plan', licenseCount: 1 }],
          }),
        },
        {
          type: 'UpdateCustomerDetails',
          valid: { ...ids, companyName: 'X', address: addCustomerData().address, primaryContact: addCustomerData().primaryContact },
        },
        { type: 'ImportCustomer', valid: { ...ids, companyName: 'X', primaryDomain: 'contoso.example', source: 's' } },
        {
          type: 'RemoveRelationship',
          valid: { ...ids, reason: 'r', goodFaithConfirmed: true, noticeResponsibilityConfirmed: true, removedBy: 'u' },
        },
        { type: 'RemoveAdminPermissions', valid: { ...ids, service: 'teams', removedBy: 'u' } },
        {
          type: 'ReassignAdminPermissions',
          valid: { customerId: 'customer-1', service: 'teams', toPartnerId: provider.partnerId, reassignedBy: 'u' },
        },
        {
          type: 'AddSubscription',
          valid: { ...ids, subscriptionId: 's-3', offerId: 'azure-plan', licenseCount: 1, partnerOfRecordId: reseller.partnerId },
        },
        { type: 'ChangeLicenseCount', valid: { ...ids, subscriptionId: 's-1', licenseCount: 4 } },
        {
          type: 'DesignateSupportContact',
          valid: { ...ids, subscriptionId: 's-1', supportContact: { kind: 'provider' }, designatedBy: 'u' },
        },
        {
          type: 'EstablishInvitedRelationships',
          valid: {
            customerId: 'customer-1',
            invitationId: 'i-1',
            partnerId: direct.partnerId,
            kind: 'reseller',
            adminServices: ['teams'],
            newCustomer: { companyName: 'N', primaryDomain: 'n.example' },
          },
        },
        {
          type: 'AssociateResellerWithCustomer',
          valid: { customerId: 'customer-1', providerId: provider.partnerId, resellerId: reseller.partnerId, associatedBy: 'u' },
        },
        {
          type: 'AssociateResellerWithSubscription',
          valid: {
            customerId: 'customer-1',
            subscriptionId: 's-1',
            providerId: provider.partnerId,
            resellerId: reseller.partnerId,
            associatedBy: 'u',
          },
        },
        {
          type: 'RecordResellerAssociation',
          valid: { customerId: 'customer-1', providerId: provider.partnerId, resellerId: reseller.partnerId, grantAdmin: true },
        },
        {
          type: 'AssignPartnerOfRecord',
          valid: { customerId: 'customer-1', subscriptionId: 's-1', providerId: provider.partnerId, resellerId: reseller.partnerId },
        },
        {
          type: 'EstablishCombinedProviderRelationship',
          valid: { customerId: 'customer-1', invitationId: 'i-1', providerId: provider.partnerId },
        },
        {
          type: 'AbandonCustomerCreation',
          valid: { customerId: 'customer-1', primaryDomain: 'contoso.example', claimedAt: '2026-01-01T00:00:00.000Z' },
        },
      ],
      [customerContext, { now }],
    );
  });

  it('invitation', () => {
    const requested = invitationDecider.decide(
      {
        type: 'RequestRelationship',
        data: { invitationId: 'i-1', partnerId: direct.partnerId, requestedBy: 'u', includeAdminPermissions: true, tokenHash },
      },
      invitationDecider.initialState(),
      { now, actingPartner: direct },
    );
    const request = {
      invitationId: 'i-2',
      partnerId: reseller.partnerId,
      requestedBy: 'u',
      includeAdminPermissions: true,
      services: ['teams'],
      tokenHash,
      expiresInDays: 3,
      emailDraft: '{{invitationLink}}',
    };
    check(
      invitationDecider,
      [[], requested],
      [
        { type: 'RequestRelationship', valid: request },
        { type: 'RequestCombinedRelationship', valid: { ...request, providerId: provider.partnerId } },
        {
          type: 'AcceptInvitation',
          valid: {
            invitationId: 'i-1',
            customerId: 'c-9',
            acceptedBy: 'u',
            tokenHash,
            newCustomer: { companyName: 'N', primaryDomain: 'n.example' },
          },
        },
        { type: 'RevokeInvitation', valid: { invitationId: 'i-1', partnerId: direct.partnerId, revokedBy: 'u', reason: 'r' } },
        { type: 'ExpireInvitation', valid: { invitationId: 'i-1' } },
      ],
      [
        { now, actingPartner: reseller, provider, partnershipStatus: 'active' },
        { now, customer: lookup },
        { now: new Date('2027-01-01T00:00:00Z') },
      ],
    );
  });

  it('partnership', () => {
    const ids = { providerId: provider.partnerId, resellerId: reseller.partnerId };
    const active = [
      { type: 'PartnershipRequested' as const, data: { ...ids, requestedBy: 'u', requestedAt: now.toISOString() } },
      { type: 'PartnershipAccepted' as const, data: { ...ids, acceptedBy: 'u', acceptedAt: now.toISOString() } },
    ];
    check(
      partnershipDecider,
      [[], active],
      [
        { type: 'RequestPartnership', valid: { ...ids, requestedBy: 'u' } },
        { type: 'AcceptPartnership', valid: { ...ids, acceptedBy: 'u' } },
        { type: 'RemovePartnership', valid: { ...ids, removedBy: 'u', reason: 'r' } },
        { type: 'CompleteRequestedAssociation', valid: { ...ids, customerId: 'customer-1', grantAdmin: true } },
        { type: 'ConfirmCombinedInvitation', valid: { ...ids, customerId: 'customer-1', invitationId: 'i-1' } },
      ],
      [{ now, provider, reseller, customer: lookup }, { now }],
    );
  });

  it('an id that is an object without a prototype (it cannot become a string) is refused as a domain error', () => {
    const data = { customerId: 'customer-1', partnerId: provider.partnerId, subscriptionId: Object.create(null), licenseCount: 3 };
    const state = customerAdded.reduce(customerDecider.evolve, customerDecider.initialState());
    expect(() => customerDecider.decide({ type: 'ChangeLicenseCount', data }, state, customerContext)).toThrow(DomainError);
  });
});

import { AnyDomainEvent } from '../events';
import { parseStreamName, StreamCategory, streamName } from '../stream-names';
import { FollowUp } from './follow-up';

const guardingCategory = {
  CustomerAdded: 'customer',
  SubscriptionAdded: 'customer',
  ResellerAssociated: 'partnership',
  InvitationAccepted: 'invitation',
  CombinedInvitationConfirmed: 'partnership',
} as const satisfies Partial<Record<AnyDomainEvent['type'], StreamCategory>>;

/**
 * Every flow that spans streams, as pure reactions: the event was decided on its guarding stream; the
 * follow-up finishes the work on the other stream. Each follow-up command is idempotent in its decide.
 * `fromStream` is the stream the event was read from: an event seen anywhere but on its own category's
 * stream (a copy, a link someone wrote) starts nothing.
 */
export const react = (event: AnyDomainEvent, fromStream: string): FollowUp[] => {
  const category = parseStreamName(fromStream)?.category;
  const expected = guardingCategory[event.type as keyof typeof guardingCategory];
  if (expected === undefined || category !== expected) return [];
  switch (event.type) {
    case 'CustomerAdded': {
      const { customerId, partnerId, requestedResellerId } = event.data;
      if (!requestedResellerId) return [];
      return [
        {
          stream: streamName.partnership(partnerId, requestedResellerId),
          command: {
            type: 'CompleteRequestedAssociation',
            data: { providerId: partnerId, resellerId: requestedResellerId, customerId, grantAdmin: true },
          },
          stepName: 'associate-requested-reseller',
        },
      ];
    }
    case 'SubscriptionAdded': {
      const { customerId, subscriptionId, partnerId, requestedPartnerOfRecordId } = event.data;
      if (!requestedPartnerOfRecordId) return [];
      return [
        {
          stream: streamName.partnership(partnerId, requestedPartnerOfRecordId),
          command: {
            type: 'CompleteRequestedAssociation',
            data: { providerId: partnerId, resellerId: requestedPartnerOfRecordId, customerId, subscriptionId, grantAdmin: false },
          },
          stepName: 'associate-requested-partner-of-record',
        },
      ];
    }
    case 'ResellerAssociated': {
      const { providerId, resellerId, customerId, subscriptionId, grantAdmin } = event.data;
      return [
        subscriptionId
          ? {
              stream: streamName.customer(customerId),
              command: { type: 'AssignPartnerOfRecord', data: { customerId, subscriptionId, providerId, resellerId } },
              stepName: 'mirror-partner-of-record',
            }
          : {
              stream: streamName.customer(customerId),
              command: { type: 'RecordResellerAssociation', data: { customerId, providerId, resellerId, grantAdmin } },
              stepName: 'mirror-reseller-association',
            },
      ];
    }
    case 'InvitationAccepted': {
      const { invitationId, partnerId, kind, providerId, customerId, includeAdminPermissions, services, newCustomer } = event.data;
      const establish: FollowUp = {
        stream: streamName.customer(customerId),
        command: {
          type: 'EstablishInvitedRelationships',
          data: {
            customerId,
            invitationId,
            partnerId,
            kind,
            adminServices: includeAdminPermissions ? services : [],
            ...(newCustomer ? { newCustomer } : {}),
          },
        },
        stepName: 'establish-invited-relationships',
      };
      if (kind !== 'combined' || !providerId) return [establish];
      // The provider's part holds only if the partnership is still active: its own stream decides.
      return [
        establish,
        {
          stream: streamName.partnership(providerId, partnerId),
          command: { type: 'ConfirmCombinedInvitation', data: { providerId, resellerId: partnerId, invitationId, customerId } },
          stepName: 'confirm-combined-invitation',
        },
      ];
    }
    case 'CombinedInvitationConfirmed': {
      const { providerId, invitationId, customerId } = event.data;
      return [
        {
          stream: streamName.customer(customerId),
          command: { type: 'EstablishCombinedProviderRelationship', data: { customerId, invitationId, providerId } },
          stepName: 'establish-combined-provider-relationship',
        },
      ];
    }
    default:
      return [];
  }
};

/** The event types `react` acts on, for a server-side subscription filter. */
export const reactsTo = Object.keys(guardingCategory) as readonly AnyDomainEvent['type'][];

import { DomainCommand } from '../shared/types';

export type RequestPartnership = DomainCommand<'RequestPartnership', { providerId: string; resellerId: string; requestedBy: string }>;

/** Issued by the reseller's Global admin. */
export type AcceptPartnership = DomainCommand<'AcceptPartnership', { providerId: string; resellerId: string; acceptedBy: string }>;

export type RemovePartnership = DomainCommand<
  'RemovePartnership',
  { providerId: string; resellerId: string; removedBy: string; reason?: string }
>;

/**
 * Process step after `CustomerAdded` with a reseller or `SubscriptionAdded` with a partner of record:
 * records `ResellerAssociated`, or `ResellerAssociationDeclined` when the partnership is no longer active.
 */
export type CompleteRequestedAssociation = DomainCommand<
  'CompleteRequestedAssociation',
  { providerId: string; resellerId: string; customerId: string; subscriptionId?: string; grantAdmin: boolean }
>;

/**
 * Process step after a combined `InvitationAccepted`: the provider's part of the invitation holds only
 * while the partnership is active, decided here at this stream's revision (`CombinedInvitationConfirmed`
 * or, when it ended since the request, `CombinedInvitationDeclined`).
 */
export type ConfirmCombinedInvitation = DomainCommand<
  'ConfirmCombinedInvitation',
  { providerId: string; resellerId: string; invitationId: string; customerId: string }
>;

export type PartnershipCommand =
  RequestPartnership | AcceptPartnership | RemovePartnership | CompleteRequestedAssociation | ConfirmCombinedInvitation;

import { ErrorCode } from '../errors';
import { DomainEvent, IsoTime } from '../shared/types';

/**
 * Why an outcome was declined: only the partnership's end declines one. Kept to the codes these events carry, so that
 * a new error code elsewhere is no change to their published schemas.
 */
export type DeclineReason = Extract<ErrorCode, 'PARTNERSHIP.NOT_ACTIVE'>;

export type PartnershipRequested = DomainEvent<
  'PartnershipRequested',
  { providerId: string; resellerId: string; requestedBy: string; requestedAt: IsoTime }
>;

export type PartnershipAccepted = DomainEvent<
  'PartnershipAccepted',
  { providerId: string; resellerId: string; acceptedBy: string; acceptedAt: IsoTime }
>;

/** Leaves customers, associations and admin permissions as they are. */
export type PartnershipRemoved = DomainEvent<
  'PartnershipRemoved',
  { providerId: string; resellerId: string; removedBy: string; reason?: string; removedAt: IsoTime }
>;

/**
 * Recorded here because this stream's revision is what proves the partnership was active at that moment.
 * With `subscriptionId` the reseller becomes the subscription's partner of record; without it, it is
 * associated with the customer account.
 */
export type ResellerAssociated = DomainEvent<
  'ResellerAssociated',
  {
    providerId: string;
    resellerId: string;
    customerId: string;
    subscriptionId?: string;
    /** True when the customer was just added with this reseller: the reseller gets admin permissions. */
    grantAdmin: boolean;
    associatedBy?: string;
    associatedAt: IsoTime;
  }
>;

/** Outcome of an association requested by AddCustomer/AddSubscription when the partnership was no longer active. */
export type ResellerAssociationDeclined = DomainEvent<
  'ResellerAssociationDeclined',
  {
    providerId: string;
    resellerId: string;
    customerId: string;
    subscriptionId?: string;
    reason: DeclineReason;
    declinedAt: IsoTime;
  }
>;

/** The partnership was active when the customer accepted the combined invitation: the provider relationship follows. */
export type CombinedInvitationConfirmed = DomainEvent<
  'CombinedInvitationConfirmed',
  { providerId: string; resellerId: string; invitationId: string; customerId: string; confirmedAt: IsoTime }
>;

/** Outcome of a combined acceptance after the partnership ended: the customer gets no provider relationship. */
export type CombinedInvitationDeclined = DomainEvent<
  'CombinedInvitationDeclined',
  { providerId: string; resellerId: string; invitationId: string; customerId: string; reason: DeclineReason; declinedAt: IsoTime }
>;

export type PartnershipEvent =
  | PartnershipRequested
  | PartnershipAccepted
  | PartnershipRemoved
  | ResellerAssociated
  | ResellerAssociationDeclined
  | CombinedInvitationConfirmed
  | CombinedInvitationDeclined;

export const partnershipEventTypes: readonly PartnershipEvent['type'][] = [
  'PartnershipRequested',
  'PartnershipAccepted',
  'PartnershipRemoved',
  'ResellerAssociated',
  'ResellerAssociationDeclined',
  'CombinedInvitationConfirmed',
  'CombinedInvitationDeclined',
];

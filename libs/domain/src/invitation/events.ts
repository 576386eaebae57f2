import { Service } from '../catalogue';
import { DomainEvent, IsoTime } from '../shared/types';

export type InvitationKind = 'reseller' | 'combined';

/** The placeholder the API replaces with the personalised link; the link's token is never stored. */
export const invitationLinkPlaceholder = '{{invitationLink}}';

export type RelationshipRequested = DomainEvent<
  'RelationshipRequested',
  {
    invitationId: string;
    /** The inviting partner: a direct partner or, for a combined invitation, the reseller. */
    partnerId: string;
    kind: InvitationKind;
    /** Set for a combined invitation: the provider in an active partnership with the reseller. */
    providerId?: string;
    includeAdminPermissions: boolean;
    services: Service[];
    /** Hex SHA-256 of the link token. */
    tokenHash: string;
    expiresAt: IsoTime;
    /** Email text containing `invitationLinkPlaceholder`. */
    emailDraft: string;
    requestedBy: string;
    requestedAt: IsoTime;
  }
>;

export type InvitationAccepted = DomainEvent<
  'InvitationAccepted',
  {
    invitationId: string;
    partnerId: string;
    kind: InvitationKind;
    providerId?: string;
    customerId: string;
    /** The customer's global administrator. */
    acceptedBy: string;
    includeAdminPermissions: boolean;
    services: Service[];
    /** Present when the customer was not known yet; its primary domain is already claimed. */
    newCustomer?: { companyName: string; primaryDomain: string };
    acceptedAt: IsoTime;
  }
>;

export type InvitationRevoked = DomainEvent<
  'InvitationRevoked',
  { invitationId: string; partnerId: string; revokedBy: string; reason?: string; revokedAt: IsoTime }
>;

/** An outcome, not an error: recorded by the first acceptance attempt or sweep after `expiresAt`. */
export type InvitationExpired = DomainEvent<
  'InvitationExpired',
  { invitationId: string; partnerId: string; expiresAt: IsoTime; expiredAt: string }
>;

export type InvitationEvent = RelationshipRequested | InvitationAccepted | InvitationRevoked | InvitationExpired;
export const invitationEventTypes: readonly InvitationEvent['type'][] = [
  'RelationshipRequested',
  'InvitationAccepted',
  'InvitationRevoked',
  'InvitationExpired',
];

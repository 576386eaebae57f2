import { Service } from '../catalogue';
import { DomainCommand } from '../shared/types';

interface RequestData {
  invitationId: string;
  partnerId: string;
  requestedBy: string;
  includeAdminPermissions: boolean;
  /** Services to ask admin permissions for; all catalogue services when omitted and permissions are asked. */
  services?: Service[];
  /** Hex SHA-256 of the freshly generated link token. */
  tokenHash: string;
  /** 1..90, default 30. */
  expiresInDays?: number;
  /** An edited email text; must keep the link placeholder. The default text is used when omitted. */
  emailDraft?: string;
}

/** A direct partner or reseller asks a customer for a reseller relationship. */
export type RequestRelationship = DomainCommand<'RequestRelationship', RequestData>;

/** A reseller invites a customer to relationships with itself and its provider at once. */
export type RequestCombinedRelationship = DomainCommand<'RequestCombinedRelationship', RequestData & { providerId: string }>;

export type AcceptInvitation = DomainCommand<
  'AcceptInvitation',
  {
    invitationId: string;
    customerId: string;
    acceptedBy: string;
    /** Hex SHA-256 of the token presented in the link. */
    tokenHash: string;
    /** Required when the customer has no customer stream yet. */
    newCustomer?: { companyName: string; primaryDomain: string };
  }
>;

export type RevokeInvitation = DomainCommand<
  'RevokeInvitation',
  { invitationId: string; partnerId: string; revokedBy: string; reason?: string }
>;

/** Issued by the expiry sweep. */
export type ExpireInvitation = DomainCommand<'ExpireInvitation', { invitationId: string }>;

export type InvitationCommand = RequestRelationship | RequestCombinedRelationship | AcceptInvitation | RevokeInvitation | ExpireInvitation;

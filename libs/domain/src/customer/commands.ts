import { Service } from '../catalogue';
import { Address, Contact, DomainCommand } from '../shared/types';

export interface InitialSubscription {
  subscriptionId: string;
  offerId: string;
  licenseCount: number;
}

/** Issued by a direct partner or provider; `partnerId`/`attestedBy` come from the caller's token. */
export type AddCustomer = DomainCommand<
  'AddCustomer',
  {
    customerId: string;
    partnerId: string;
    companyName: string;
    /** Already normalised and claimed through `customerdomain-{domain}`. */
    primaryDomain: string;
    address: Address;
    primaryContact: Contact;
    /** `accepted`: the partner attests that the customer accepted the customer agreement (DOMAIN.md, adding a customer). */
    agreement: { accepted: boolean; signerName: string; signerEmail: string; signedAt: string; attestedBy: string };
    adminUserName: string;
    resellerId?: string;
    subscriptions?: InitialSubscription[];
  }
>;

export type UpdateCustomerDetails = DomainCommand<
  'UpdateCustomerDetails',
  { customerId: string; partnerId: string; companyName?: string; address?: Address; primaryContact?: Contact }
>;

export type ImportCustomer = DomainCommand<
  'ImportCustomer',
  { customerId: string; partnerId: string; companyName: string; primaryDomain: string; source?: string }
>;

export type RemoveRelationship = DomainCommand<
  'RemoveRelationship',
  {
    customerId: string;
    partnerId: string;
    reason: string;
    goodFaithConfirmed: boolean;
    noticeResponsibilityConfirmed: boolean;
    removedBy: string;
  }
>;

/** Issued by the customer's global administrator. */
export type RemoveAdminPermissions = DomainCommand<
  'RemoveAdminPermissions',
  { customerId: string; partnerId: string; service: Service; removedBy: string }
>;

/** Issued by the customer's global administrator: remove from the current holder, grant to another. */
export type ReassignAdminPermissions = DomainCommand<
  'ReassignAdminPermissions',
  { customerId: string; service: Service; toPartnerId: string; reassignedBy: string }
>;

export type AddSubscription = DomainCommand<
  'AddSubscription',
  {
    customerId: string;
    partnerId: string;
    subscriptionId: string;
    offerId: string;
    licenseCount: number;
    partnerOfRecordId?: string;
  }
>;

export type ChangeLicenseCount = DomainCommand<
  'ChangeLicenseCount',
  { customerId: string; partnerId: string; subscriptionId: string; licenseCount: number }
>;

export type SupportContactChoice = { kind: 'provider' } | { kind: 'reseller'; resellerId: string };

export type DesignateSupportContact = DomainCommand<
  'DesignateSupportContact',
  {
    customerId: string;
    partnerId: string;
    subscriptionId: string;
    supportContact: SupportContactChoice;
    designatedBy: string;
  }
>;

/**
 * Process step after `InvitationAccepted`: creates the customer if needed and the inviting partner's
 * relationship. For a combined invitation the provider's relationship waits for the partnership stream
 * (`EstablishCombinedProviderRelationship`).
 */
export type EstablishInvitedRelationships = DomainCommand<
  'EstablishInvitedRelationships',
  {
    customerId: string;
    invitationId: string;
    partnerId: string;
    kind: 'reseller' | 'combined';
    adminServices: Service[];
    newCustomer?: { companyName: string; primaryDomain: string };
  }
>;

/** Process step after `CombinedInvitationConfirmed` on the partnership stream. */
export type EstablishCombinedProviderRelationship = DomainCommand<
  'EstablishCombinedProviderRelationship',
  { customerId: string; invitationId: string; providerId: string }
>;

/**
 * A provider associates an indirect reseller with a customer it serves. Decided on the customer stream, whose
 * revision guards the provider's relationship, so it and a concurrent RemoveRelationship exclude each other.
 */
export type AssociateResellerWithCustomer = DomainCommand<
  'AssociateResellerWithCustomer',
  { providerId: string; resellerId: string; customerId: string; associatedBy: string }
>;

/** Makes the reseller partner of record of one of the provider's subscriptions. */
export type AssociateResellerWithSubscription = DomainCommand<
  'AssociateResellerWithSubscription',
  { providerId: string; resellerId: string; customerId: string; subscriptionId: string; associatedBy: string }
>;

/** Process step after a customer-level `ResellerAssociated` on the partnership stream. */
export type RecordResellerAssociation = DomainCommand<
  'RecordResellerAssociation',
  { customerId: string; providerId: string; resellerId: string; grantAdmin: boolean }
>;

/** Process step after a subscription-level `ResellerAssociated` on the partnership stream. */
export type AssignPartnerOfRecord = DomainCommand<
  'AssignPartnerOfRecord',
  { customerId: string; subscriptionId: string; providerId: string; resellerId: string }
>;

/**
 * Issued by the API before taking over a primary-domain claim whose customer was never created; `claimedAt`
 * comes from the claim stream.
 */
export type AbandonCustomerCreation = DomainCommand<
  'AbandonCustomerCreation',
  { customerId: string; primaryDomain: string; claimedAt: string }
>;

export type CustomerCommand =
  | AddCustomer
  | UpdateCustomerDetails
  | ImportCustomer
  | RemoveRelationship
  | RemoveAdminPermissions
  | ReassignAdminPermissions
  | AddSubscription
  | ChangeLicenseCount
  | DesignateSupportContact
  | EstablishInvitedRelationships
  | EstablishCombinedProviderRelationship
  | AssociateResellerWithCustomer
  | AssociateResellerWithSubscription
  | RecordResellerAssociation
  | AssignPartnerOfRecord
  | AbandonCustomerCreation;

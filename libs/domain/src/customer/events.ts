import { Service } from '../catalogue';
import { Address, Contact, DomainEvent, IsoTime } from '../shared/types';

export interface AgreementAttestation {
  signerName: string;
  signerEmail: string;
  /** ISO-8601, never after the moment the customer was added. */
  signedAt: IsoTime;
  /** The partner user who attested that the customer accepted the agreement. */
  attestedBy: string;
}

export type RelationshipOrigin = 'added' | 'invitation' | 'combined-invitation' | 'imported';

/** Created by a direct partner or provider. The temporary admin password is never part of it. */
export type CustomerAdded = DomainEvent<
  'CustomerAdded',
  {
    customerId: string;
    partnerId: string;
    companyName: string;
    primaryDomain: string;
    address: Address;
    primaryContact: Contact;
    agreement: AgreementAttestation;
    adminUserName: string;
    /** A reseller the provider asked to associate; it is associated once `ResellerAssociated` is recorded. */
    requestedResellerId?: string;
    addedAt: IsoTime;
  }
>;

/** A customer that first became known by accepting an invitation. */
export type CustomerRegistered = DomainEvent<
  'CustomerRegistered',
  { customerId: string; companyName: string; primaryDomain: string; invitationId: string; registeredAt: IsoTime }
>;

export type CustomerDetailsUpdated = DomainEvent<
  'CustomerDetailsUpdated',
  {
    customerId: string;
    partnerId: string;
    companyName?: string;
    address?: Address;
    primaryContact?: Contact;
    updatedAt: IsoTime;
  }
>;

/** A customer the partner already serves elsewhere; emitted once per customer and partner. */
export type CustomerImported = DomainEvent<
  'CustomerImported',
  { customerId: string; partnerId: string; companyName: string; primaryDomain: string; source?: string; importedAt: IsoTime }
>;

export type RelationshipEstablished = DomainEvent<
  'RelationshipEstablished',
  { customerId: string; partnerId: string; origin: RelationshipOrigin; invitationId?: string; establishedAt: IsoTime }
>;

export type RelationshipRemoved = DomainEvent<
  'RelationshipRemoved',
  {
    customerId: string;
    partnerId: string;
    reason: string;
    goodFaithConfirmed: true;
    noticeResponsibilityConfirmed: true;
    /** The partner user (Global admin) who removed it. */
    removedBy: string;
    removedAt: IsoTime;
  }
>;

export type AdminPermissionsGrantedVia = 'invitation' | 'reseller-association' | 'reassignment';

export type AdminPermissionsGranted = DomainEvent<
  'AdminPermissionsGranted',
  { customerId: string; partnerId: string; service: Service; via: AdminPermissionsGrantedVia; grantedAt: IsoTime }
>;

export type AdminPermissionsRemoved = DomainEvent<
  'AdminPermissionsRemoved',
  {
    customerId: string;
    partnerId: string;
    service: Service;
    /** The customer user who removed or reassigned them. */
    removedBy: string;
    via: 'removal' | 'reassignment';
    removedAt: IsoTime;
  }
>;

/** Mirror of the partnership stream's `ResellerAssociated` for a customer-level association. */
export type ResellerAssociationRecorded = DomainEvent<
  'ResellerAssociationRecorded',
  { customerId: string; providerId: string; resellerId: string; recordedAt: IsoTime }
>;

export type SubscriptionAdded = DomainEvent<
  'SubscriptionAdded',
  {
    customerId: string;
    subscriptionId: string;
    offerId: string;
    service: Service;
    licenseCount: number;
    /** The direct partner or provider that sells and bills it. */
    partnerId: string;
    /** Default support contact: the selling partner. */
    supportContactId: string;
    /** A reseller asked for as partner of record; assigned once `PartnerOfRecordAssigned` follows. */
    requestedPartnerOfRecordId?: string;
    addedAt: IsoTime;
  }
>;

export type LicenseCountChanged = DomainEvent<
  'LicenseCountChanged',
  {
    customerId: string;
    subscriptionId: string;
    partnerId: string;
    previousLicenseCount: number;
    licenseCount: number;
    changedAt: IsoTime;
  }
>;

export type PartnerOfRecordAssigned = DomainEvent<
  'PartnerOfRecordAssigned',
  { customerId: string; subscriptionId: string; providerId: string; partnerId: string; assignedAt: IsoTime }
>;

// Version 1 is in ../legacy-events.ts, its upcaster in ../upcasters.ts.
/**
 * Version 2. Version 1 named the new contact `partnerId`, the name every other customer event gives the partner that
 * acts or sells, so a consumer routing by it took the contact for the seller; the contact is now `supportContactId`,
 * as `SubscriptionAdded` and the subscription itself call it.
 */
export type SupportContactDesignated = DomainEvent<
  'SupportContactDesignated',
  {
    customerId: string;
    subscriptionId: string;
    /** The partner now the support contact (the selling partner or an associated reseller). */
    supportContactId: string;
    contactKind: 'provider' | 'reseller';
    designatedBy: string;
    designatedAt: IsoTime;
  }
>;

/**
 * The customer id's creation was given up: its domain claim was left orphaned past the grace period and
 * another customer takes the domain over. Appended with "no stream", so it and a late creation of the
 * customer exclude each other; nothing is ever applied to this customer id afterwards.
 */
export type CustomerCreationAbandoned = DomainEvent<
  'CustomerCreationAbandoned',
  { customerId: string; primaryDomain: string; claimedAt: IsoTime; abandonedAt: string }
>;

export type CustomerEvent =
  | CustomerAdded
  | CustomerRegistered
  | CustomerDetailsUpdated
  | CustomerImported
  | RelationshipEstablished
  | RelationshipRemoved
  | AdminPermissionsGranted
  | AdminPermissionsRemoved
  | ResellerAssociationRecorded
  | SubscriptionAdded
  | LicenseCountChanged
  | PartnerOfRecordAssigned
  | SupportContactDesignated
  | CustomerCreationAbandoned;

export const customerEventTypes: readonly CustomerEvent['type'][] = [
  'CustomerAdded',
  'CustomerRegistered',
  'CustomerDetailsUpdated',
  'CustomerImported',
  'RelationshipEstablished',
  'RelationshipRemoved',
  'AdminPermissionsGranted',
  'AdminPermissionsRemoved',
  'ResellerAssociationRecorded',
  'SubscriptionAdded',
  'LicenseCountChanged',
  'PartnerOfRecordAssigned',
  'SupportContactDesignated',
  'CustomerCreationAbandoned',
];

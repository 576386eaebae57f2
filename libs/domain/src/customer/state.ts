import { Service } from '../catalogue';
import { exhaustive } from '../shared/exhaustive';
import { Address, Contact } from '../shared/types';
import { AgreementAttestation, CustomerEvent, RelationshipOrigin } from './events';
import { own } from '../shared/own';

export interface Relationship {
  readonly partnerId: string;
  readonly origin: RelationshipOrigin;
  readonly active: boolean;
  readonly establishedAt: string;
  readonly invitationId?: string;
  readonly removedAt?: string;
}

export interface Subscription {
  readonly subscriptionId: string;
  readonly offerId: string;
  readonly service: Service;
  readonly licenseCount: number;
  readonly partnerId: string;
  readonly supportContactId: string;
  readonly partnerOfRecordId?: string;
}

export interface Association {
  readonly providerId: string;
  readonly resellerId: string;
}

export type CustomerState =
  | { readonly status: 'none' }
  /** Only `CustomerCreationAbandoned` so far: the id may still be created, with none of these domains. */
  | { readonly status: 'abandoned'; readonly customerId: string; readonly abandonedDomains: readonly string[] }
  | {
      readonly status: 'exists';
      readonly customerId: string;
      readonly companyName: string;
      readonly primaryDomain: string;
      readonly address?: Address;
      readonly primaryContact?: Contact;
      readonly agreement?: AgreementAttestation;
      readonly relationships: Readonly<Record<string, Relationship>>;
      readonly adminHolders: Readonly<Partial<Record<Service, string>>>;
      readonly associations: readonly Association[];
      readonly subscriptions: Readonly<Record<string, Subscription>>;
      /** Invitations whose acceptance was already applied here, so a replayed process step does nothing. */
      readonly appliedInvitations: readonly string[];
    };

export type ExistingCustomer = Extract<CustomerState, { status: 'exists' }>;

export const initialState = (): CustomerState => ({ status: 'none' });

const created = (customerId: string, companyName: string, primaryDomain: string): ExistingCustomer => ({
  status: 'exists',
  customerId,
  companyName,
  primaryDomain,
  relationships: {},
  adminHolders: {},
  associations: [],
  subscriptions: {},
  appliedInvitations: [],
});

const updateSubscription = (state: ExistingCustomer, subscriptionId: string, change: Partial<Subscription>): ExistingCustomer => {
  const current = own(state.subscriptions, subscriptionId);
  return current ? { ...state, subscriptions: { ...state.subscriptions, [subscriptionId]: { ...current, ...change } } } : state;
};

const evolveExisting = (state: ExistingCustomer, event: CustomerEvent): ExistingCustomer => {
  switch (event.type) {
    case 'CustomerAdded':
    case 'CustomerRegistered':
    case 'CustomerImported':
      return state;
    case 'CustomerDetailsUpdated': {
      const { companyName, address, primaryContact } = event.data;
      return {
        ...state,
        ...(companyName === undefined ? {} : { companyName }),
        ...(address === undefined ? {} : { address }),
        ...(primaryContact === undefined ? {} : { primaryContact }),
      };
    }
    case 'RelationshipEstablished': {
      const { partnerId, origin, establishedAt, invitationId } = event.data;
      const relationship: Relationship = { partnerId, origin, active: true, establishedAt, ...(invitationId ? { invitationId } : {}) };
      return {
        ...state,
        relationships: { ...state.relationships, [partnerId]: relationship },
        appliedInvitations:
          invitationId && !state.appliedInvitations.includes(invitationId)
            ? [...state.appliedInvitations, invitationId]
            : state.appliedInvitations,
      };
    }
    case 'RelationshipRemoved': {
      const current = own(state.relationships, event.data.partnerId);
      if (!current) return state;
      return {
        ...state,
        relationships: { ...state.relationships, [current.partnerId]: { ...current, active: false, removedAt: event.data.removedAt } },
      };
    }
    case 'AdminPermissionsGranted':
      return { ...state, adminHolders: { ...state.adminHolders, [event.data.service]: event.data.partnerId } };
    case 'AdminPermissionsRemoved': {
      if (state.adminHolders[event.data.service] !== event.data.partnerId) return state;
      const adminHolders = { ...state.adminHolders };
      delete adminHolders[event.data.service];
      return { ...state, adminHolders };
    }
    case 'ResellerAssociationRecorded':
      return {
        ...state,
        associations: [...state.associations, { providerId: event.data.providerId, resellerId: event.data.resellerId }],
      };
    case 'SubscriptionAdded': {
      const { subscriptionId, offerId, service, licenseCount, partnerId, supportContactId } = event.data;
      return {
        ...state,
        subscriptions: {
          ...state.subscriptions,
          [subscriptionId]: { subscriptionId, offerId, service, licenseCount, partnerId, supportContactId },
        },
      };
    }
    case 'LicenseCountChanged':
      return updateSubscription(state, event.data.subscriptionId, { licenseCount: event.data.licenseCount });
    case 'PartnerOfRecordAssigned':
      return updateSubscription(state, event.data.subscriptionId, { partnerOfRecordId: event.data.partnerId });
    case 'SupportContactDesignated':
      return updateSubscription(state, event.data.subscriptionId, { supportContactId: event.data.supportContactId });
    case 'CustomerCreationAbandoned':
      return state;
    default:
      return exhaustive(event, state);
  }
};

export const evolve = (state: CustomerState, event: CustomerEvent): CustomerState => {
  if (state.status === 'exists') return evolveExisting(state, event);
  switch (event.type) {
    case 'CustomerCreationAbandoned': {
      const before = state.status === 'abandoned' ? state.abandonedDomains : [];
      return { status: 'abandoned', customerId: event.data.customerId, abandonedDomains: [...before, event.data.primaryDomain] };
    }
    case 'CustomerAdded': {
      const { customerId, companyName, primaryDomain, address, primaryContact, agreement } = event.data;
      return { ...created(customerId, companyName, primaryDomain), address, primaryContact, agreement };
    }
    case 'CustomerRegistered':
    case 'CustomerImported':
      return created(event.data.customerId, event.data.companyName, event.data.primaryDomain);
    default:
      // Anything else on a stream that was never created cannot be applied to a customer.
      return state;
  }
};

import { Address, AdminPermissionsGrantedVia, AgreementAttestation, Contact, RelationshipOrigin, Service } from '@app/domain';
import { partnersWithAccess as partnersWithAccessRule, type AccountAccess } from '@app/domain/customer';
import { Projection, Rows } from '../projection';
import { domainEvent } from '../shared/domain-event';

export interface AccountRelationship {
  partnerId: string;
  origin: RelationshipOrigin;
  status: 'active' | 'removed';
  establishedAt: string;
  invitationId?: string;
  removedAt?: string;
  removedBy?: string;
  removalReason?: string;
}

export interface AccountSubscription {
  subscriptionId: string;
  offerId: string;
  service: Service;
  licenseCount: number;
  /** The direct partner or provider that sells and bills it. */
  partnerId: string;
  partnerOfRecordId?: string;
  supportContactId: string;
  addedAt: string;
  updatedAt: string;
}

export interface CustomerAccountDoc {
  customerId: string;
  companyName: string;
  primaryDomain: string;
  address?: Address;
  primaryContact?: Contact;
  adminUserName?: string;
  agreement?: AgreementAttestation & { attestedByPartnerId: string };
  relationships: Record<string, AccountRelationship>;
  adminPermissions: Partial<Record<Service, { partnerId: string; via: AdminPermissionsGrantedVia; grantedAt: string }>>;
  associatedResellers: { providerId: string; resellerId: string; associatedAt: string }[];
  subscriptions: Record<string, AccountSubscription>;
  updatedAt: string;
}

const empty = (customerId: string, at: string): CustomerAccountDoc => ({
  customerId,
  companyName: '',
  primaryDomain: '',
  relationships: {},
  adminPermissions: {},
  associatedResellers: [],
  subscriptions: {},
  updatedAt: at,
});

function establish(
  doc: CustomerAccountDoc,
  partnerId: string,
  origin: RelationshipOrigin,
  at: string,
  invitationId?: string,
): CustomerAccountDoc {
  if (doc.relationships[partnerId]?.status === 'active') return doc;
  const relationship: AccountRelationship = {
    partnerId,
    origin,
    status: 'active',
    establishedAt: at,
    ...(invitationId ? { invitationId } : {}),
  };
  return { ...doc, relationships: { ...doc.relationships, [partnerId]: relationship } };
}

function associate(doc: CustomerAccountDoc, providerId: string, resellerId: string, at: string): CustomerAccountDoc {
  if (doc.associatedResellers.some((a) => a.providerId === providerId && a.resellerId === resellerId)) return doc;
  return { ...doc, associatedResellers: [...doc.associatedResellers, { providerId, resellerId, associatedAt: at }] };
}

function updateSubscription(
  doc: CustomerAccountDoc,
  subscriptionId: string,
  at: string,
  change: Partial<AccountSubscription>,
): CustomerAccountDoc {
  const current = doc.subscriptions[subscriptionId];
  // A change recorded for a subscription this view never saw added cannot be shown meaningfully.
  if (!current) return doc;
  return { ...doc, subscriptions: { ...doc.subscriptions, [subscriptionId]: { ...current, ...change, updatedAt: at } } };
}

/** The facts the domain's visibility rule reads, taken from the account document. */
export function accountAccess(doc: CustomerAccountDoc): AccountAccess {
  return {
    activePartnerIds: Object.values(doc.relationships)
      .filter((r) => r.status === 'active')
      .map((r) => r.partnerId),
    associations: doc.associatedResellers,
  };
}

/** Partners that may read the account (the domain's rule): active relationships and resellers their providers associated. */
export function partnersWithAccess(doc: CustomerAccountDoc): string[] {
  return partnersWithAccessRule(accountAccess(doc));
}

function evolveAccount(doc: CustomerAccountDoc, event: ReturnType<typeof domainEvent>): CustomerAccountDoc {
  switch (event.type) {
    case 'CustomerAdded': {
      const d = event.data;
      const profiled: CustomerAccountDoc = {
        ...doc,
        companyName: d.companyName,
        primaryDomain: d.primaryDomain,
        address: d.address,
        primaryContact: d.primaryContact,
        adminUserName: d.adminUserName,
        agreement: { ...d.agreement, attestedByPartnerId: d.partnerId },
      };
      return establish(profiled, d.partnerId, 'added', d.addedAt);
    }
    case 'CustomerRegistered':
      return { ...doc, companyName: event.data.companyName, primaryDomain: event.data.primaryDomain };
    case 'CustomerImported': {
      const profiled = doc.companyName ? doc : { ...doc, companyName: event.data.companyName, primaryDomain: event.data.primaryDomain };
      return establish(profiled, event.data.partnerId, 'imported', event.data.importedAt);
    }
    case 'CustomerDetailsUpdated': {
      const { companyName, address, primaryContact } = event.data;
      return {
        ...doc,
        ...(companyName !== undefined && { companyName }),
        ...(address && { address }),
        ...(primaryContact && { primaryContact }),
      };
    }
    case 'RelationshipEstablished':
      return establish(doc, event.data.partnerId, event.data.origin, event.data.establishedAt, event.data.invitationId);
    case 'RelationshipRemoved': {
      const current = doc.relationships[event.data.partnerId];
      if (!current || current.status === 'removed') return doc;
      const removed: AccountRelationship = {
        ...current,
        status: 'removed',
        removedAt: event.data.removedAt,
        removedBy: event.data.removedBy,
        removalReason: event.data.reason,
      };
      return { ...doc, relationships: { ...doc.relationships, [event.data.partnerId]: removed } };
    }
    case 'AdminPermissionsGranted':
      return {
        ...doc,
        adminPermissions: {
          ...doc.adminPermissions,
          [event.data.service]: { partnerId: event.data.partnerId, via: event.data.via, grantedAt: event.data.grantedAt },
        },
      };
    case 'AdminPermissionsRemoved': {
      if (doc.adminPermissions[event.data.service]?.partnerId !== event.data.partnerId) return doc;
      const { [event.data.service]: _removed, ...rest } = doc.adminPermissions;
      return { ...doc, adminPermissions: rest };
    }
    case 'ResellerAssociated':
      if (event.data.subscriptionId)
        return updateSubscription(doc, event.data.subscriptionId, event.data.associatedAt, { partnerOfRecordId: event.data.resellerId });
      return associate(doc, event.data.providerId, event.data.resellerId, event.data.associatedAt);
    case 'ResellerAssociationRecorded':
      return associate(doc, event.data.providerId, event.data.resellerId, event.data.recordedAt);
    case 'SubscriptionAdded': {
      const d = event.data;
      if (doc.subscriptions[d.subscriptionId]) return doc;
      const subscription: AccountSubscription = {
        subscriptionId: d.subscriptionId,
        offerId: d.offerId,
        service: d.service,
        licenseCount: d.licenseCount,
        partnerId: d.partnerId,
        supportContactId: d.supportContactId,
        addedAt: d.addedAt,
        updatedAt: d.addedAt,
      };
      return { ...doc, subscriptions: { ...doc.subscriptions, [d.subscriptionId]: subscription } };
    }
    case 'LicenseCountChanged':
      return updateSubscription(doc, event.data.subscriptionId, event.data.changedAt, { licenseCount: event.data.licenseCount });
    case 'PartnerOfRecordAssigned':
      return updateSubscription(doc, event.data.subscriptionId, event.data.assignedAt, { partnerOfRecordId: event.data.partnerId });
    case 'SupportContactDesignated':
      return updateSubscription(doc, event.data.subscriptionId, event.data.designatedAt, { supportContactId: event.data.supportContactId });
    default:
      return doc;
  }
}

/**
 * Everything about one customer account, keyed by customer id whichever stream (customer or partnership)
 * recorded the fact. The account view is the document itself (served from the documents table); its
 * rows say who may read it, who the partners of the customer are, and what it subscribes to.
 */
export const customerAccountProjection: Projection<CustomerAccountDoc> = {
  name: 'customer-account',
  version: 1,
  handles: [
    'CustomerAdded',
    'CustomerRegistered',
    'CustomerImported',
    'CustomerDetailsUpdated',
    'RelationshipEstablished',
    'RelationshipRemoved',
    'AdminPermissionsGranted',
    'AdminPermissionsRemoved',
    'ResellerAssociated',
    'ResellerAssociationRecorded',
    'SubscriptionAdded',
    'LicenseCountChanged',
    'PartnerOfRecordAssigned',
    'SupportContactDesignated',
  ],
  tables: [
    { name: 'customer_account_access', columns: { partner_id: 'text', customer_id: 'text' }, primaryKey: ['partner_id', 'customer_id'] },
    {
      name: 'customer_partners',
      columns: {
        customer_id: 'text',
        partner_id: 'text',
        relationship: 'text',
        origin: 'text',
        established_at: 'text',
        removed_at: 'text',
        associated_by: 'text',
        admin_services: 'text',
      },
      primaryKey: ['customer_id', 'partner_id'],
    },
    {
      name: 'customer_subscriptions',
      columns: {
        customer_id: 'text',
        subscription_id: 'text',
        offer_id: 'text',
        service: 'text',
        license_count: 'integer',
        partner_id: 'text',
        partner_of_record_id: 'text',
        support_contact_id: 'text',
        added_at: 'text',
        updated_at: 'text',
      },
      primaryKey: ['customer_id', 'subscription_id'],
      indexes: [['partner_id', 'partner_of_record_id']],
    },
  ],
  identity: (event) => [event.data.customerId],
  evolve: (doc, event, id) => {
    const next = evolveAccount(doc ?? empty(id, event.createdAt), domainEvent(event));
    return next === doc ? doc : { ...next, updatedAt: event.createdAt };
  },
  rows(doc) {
    const rows: Rows = {};
    rows.customer_account_access = partnersWithAccess(doc).map((partnerId) => ({ partner_id: partnerId, customer_id: doc.customerId }));
    const adminServices = (partnerId: string) =>
      JSON.stringify(
        Object.entries(doc.adminPermissions)
          .filter(([, p]) => p?.partnerId === partnerId)
          .map(([service]) => service)
          .sort(),
      );
    const partners = new Map<string, Record<string, string | null>>();
    for (const r of Object.values(doc.relationships)) {
      partners.set(r.partnerId, {
        customer_id: doc.customerId,
        partner_id: r.partnerId,
        relationship: r.status,
        origin: r.origin,
        established_at: r.establishedAt,
        removed_at: r.removedAt ?? null,
        associated_by: null,
        admin_services: adminServices(r.partnerId),
      });
    }
    for (const a of doc.associatedResellers) {
      const existing = partners.get(a.resellerId);
      if (existing) existing.associated_by ??= a.providerId;
      else
        partners.set(a.resellerId, {
          customer_id: doc.customerId,
          partner_id: a.resellerId,
          relationship: 'none',
          origin: 'associated',
          established_at: a.associatedAt,
          removed_at: null,
          associated_by: a.providerId,
          admin_services: adminServices(a.resellerId),
        });
    }
    for (const permission of Object.values(doc.adminPermissions)) {
      if (permission && !partners.has(permission.partnerId)) {
        partners.set(permission.partnerId, {
          customer_id: doc.customerId,
          partner_id: permission.partnerId,
          relationship: 'none',
          origin: 'admin-permissions',
          established_at: permission.grantedAt,
          removed_at: null,
          associated_by: null,
          admin_services: adminServices(permission.partnerId),
        });
      }
    }
    rows.customer_partners = [...partners.values()];
    rows.customer_subscriptions = Object.values(doc.subscriptions).map((s) => ({
      customer_id: doc.customerId,
      subscription_id: s.subscriptionId,
      offer_id: s.offerId,
      service: s.service,
      license_count: s.licenseCount,
      partner_id: s.partnerId,
      partner_of_record_id: s.partnerOfRecordId ?? null,
      support_contact_id: s.supportContactId,
      added_at: s.addedAt,
      updated_at: s.updatedAt,
    }));
    return rows;
  },
};

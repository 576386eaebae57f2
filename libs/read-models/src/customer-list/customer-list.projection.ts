import { RelationshipOrigin } from '@app/domain';
import { Projection, Rows } from '../projection';
import { domainEvent } from '../shared/domain-event';
import { normalise } from '../shared/normalise';

export type ListOrigin = RelationshipOrigin | 'associated';

export interface CustomerListDoc {
  customerId: string;
  companyName: string;
  primaryDomain: string;
  /** Active reseller relationships by partner id. */
  relationships: Record<string, { origin: RelationshipOrigin; since: string }>;
  /** Resellers associated with the customer, by the provider that associated them. */
  associations: Record<string, Record<string, string>>;
}

const empty = (customerId: string): CustomerListDoc => ({
  customerId,
  companyName: '',
  primaryDomain: '',
  relationships: {},
  associations: {},
});

function establish(doc: CustomerListDoc, partnerId: string, origin: RelationshipOrigin, since: string): CustomerListDoc {
  // A second "established" for an active relationship (the add and its follow-up) keeps the first.
  if (doc.relationships[partnerId]) return doc;
  return { ...doc, relationships: { ...doc.relationships, [partnerId]: { origin, since } } };
}

function associate(doc: CustomerListDoc, providerId: string, resellerId: string, at: string): CustomerListDoc {
  if (doc.associations[providerId]?.[resellerId]) return doc;
  return { ...doc, associations: { ...doc.associations, [providerId]: { ...doc.associations[providerId], [resellerId]: at } } };
}

/**
 * A partner's customer list: one row per partner with an active relationship, plus, for a reseller that a
 * provider associated with one of the provider's customers, a row of origin "associated". The reseller
 * index row lets a provider filter its list by indirect reseller.
 */
export const customerListProjection: Projection<CustomerListDoc> = {
  name: 'customer-list',
  // 3: search indexes cover (name, id), also within a reseller's slice (which now carries the domain and id
  // keys), so a search page reads rows only at its last step.
  // 4: the list's name index also carries the domain and id keys: PostgreSQL's planner serves a domain or id
  // search by walking that index in name order and filtering, which is now index-only (no table visit per entry).
  version: 4,
  handles: [
    'CustomerAdded',
    'CustomerRegistered',
    'CustomerImported',
    'CustomerDetailsUpdated',
    'RelationshipEstablished',
    'RelationshipRemoved',
    'ResellerAssociated',
    'ResellerAssociationRecorded',
  ],
  tables: [
    {
      name: 'customer_list',
      columns: {
        partner_id: 'text',
        customer_id: 'text',
        id_norm: 'text',
        company_name: 'text',
        name_norm: 'text',
        primary_domain: 'text',
        domain_norm: 'text',
        origin: 'text',
        since: 'text',
        reseller_ids: 'text',
      },
      primaryKey: ['partner_id', 'customer_id'],
      indexes: [
        ['partner_id', 'name_norm', 'customer_id', 'domain_norm', 'id_norm'],
        ['partner_id', 'domain_norm', 'name_norm', 'customer_id'],
        ['partner_id', 'id_norm', 'name_norm', 'customer_id'],
      ],
    },
    {
      name: 'customer_list_resellers',
      columns: { provider_id: 'text', reseller_id: 'text', customer_id: 'text', name_norm: 'text', domain_norm: 'text', id_norm: 'text' },
      primaryKey: ['provider_id', 'reseller_id', 'customer_id'],
      indexes: [
        ['provider_id', 'reseller_id', 'name_norm', 'customer_id'],
        ['provider_id', 'reseller_id', 'domain_norm', 'name_norm', 'customer_id'],
        ['provider_id', 'reseller_id', 'id_norm', 'name_norm', 'customer_id'],
      ],
    },
  ],
  identity: (event) => [event.data.customerId],
  evolve(current, event, id) {
    const doc = current ?? empty(id);
    const e = domainEvent(event);
    switch (e.type) {
      case 'CustomerAdded':
        return establish(
          { ...doc, companyName: e.data.companyName, primaryDomain: e.data.primaryDomain },
          e.data.partnerId,
          'added',
          e.data.addedAt,
        );
      case 'CustomerRegistered':
        return { ...doc, companyName: e.data.companyName, primaryDomain: e.data.primaryDomain };
      case 'CustomerImported': {
        const profiled = doc.companyName ? doc : { ...doc, companyName: e.data.companyName, primaryDomain: e.data.primaryDomain };
        return establish(profiled, e.data.partnerId, 'imported', e.data.importedAt);
      }
      case 'CustomerDetailsUpdated':
        return e.data.companyName === undefined ? doc : { ...doc, companyName: e.data.companyName };
      case 'RelationshipEstablished':
        return establish(doc, e.data.partnerId, e.data.origin, e.data.establishedAt);
      case 'RelationshipRemoved': {
        if (!doc.relationships[e.data.partnerId]) return doc;
        const { [e.data.partnerId]: _removed, ...rest } = doc.relationships;
        return { ...doc, relationships: rest };
      }
      case 'ResellerAssociated':
        // With a subscription id it names a partner of record, not an account association.
        return e.data.subscriptionId ? doc : associate(doc, e.data.providerId, e.data.resellerId, e.data.associatedAt);
      case 'ResellerAssociationRecorded':
        return associate(doc, e.data.providerId, e.data.resellerId, e.data.recordedAt);
      default:
        return doc;
    }
  },
  rows(doc) {
    const base = {
      customer_id: doc.customerId,
      id_norm: normalise(doc.customerId),
      company_name: doc.companyName,
      name_norm: normalise(doc.companyName),
      primary_domain: doc.primaryDomain,
      domain_norm: normalise(doc.primaryDomain),
    };
    const rows: Rows = { customer_list: [], customer_list_resellers: [] };
    const associatedSince = new Map<string, string>();
    for (const [partnerId, relationship] of Object.entries(doc.relationships)) {
      const resellers = Object.keys(doc.associations[partnerId] ?? {}).sort();
      rows.customer_list.push({
        ...base,
        partner_id: partnerId,
        origin: relationship.origin,
        since: relationship.since,
        reseller_ids: JSON.stringify(resellers),
      });
      for (const resellerId of resellers) {
        rows.customer_list_resellers.push({
          provider_id: partnerId,
          reseller_id: resellerId,
          customer_id: doc.customerId,
          name_norm: base.name_norm,
          domain_norm: base.domain_norm,
          id_norm: base.id_norm,
        });
        const at = doc.associations[partnerId][resellerId];
        const earlier = associatedSince.get(resellerId);
        if (!earlier || at < earlier) associatedSince.set(resellerId, at);
      }
    }
    for (const [resellerId, since] of associatedSince) {
      if (doc.relationships[resellerId]) continue;
      rows.customer_list.push({ ...base, partner_id: resellerId, origin: 'associated', since, reseller_ids: '[]' });
    }
    return rows;
  },
};

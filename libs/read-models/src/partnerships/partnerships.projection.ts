import { Projection } from '../projection';
import { domainEvent } from '../shared/domain-event';

export type PartnershipStatus = 'requested' | 'active' | 'removed';

export interface PartnershipDoc {
  providerId: string;
  resellerId: string;
  status: PartnershipStatus;
  requestedAt?: string;
  acceptedAt?: string;
  removedAt?: string;
}

/**
 * Provider <-> reseller partnerships, keyed by the pair: the provider's "indirect resellers" and the
 * reseller's "indirect providers" are the same rows read from either side.
 */
export const partnershipsProjection: Projection<PartnershipDoc> = {
  name: 'partnerships',
  version: 1,
  handles: ['PartnershipRequested', 'PartnershipAccepted', 'PartnershipRemoved'],
  tables: [
    {
      name: 'partnerships',
      columns: { provider_id: 'text', reseller_id: 'text', status: 'text', requested_at: 'text', accepted_at: 'text', removed_at: 'text' },
      primaryKey: ['provider_id', 'reseller_id'],
      indexes: [['reseller_id', 'provider_id']],
    },
  ],
  identity: (event) => [`${event.data.providerId}_${event.data.resellerId}`],
  evolve(current, event) {
    const e = domainEvent(event);
    if (e.type !== 'PartnershipRequested' && e.type !== 'PartnershipAccepted' && e.type !== 'PartnershipRemoved') return current;
    const doc: PartnershipDoc = current ?? { providerId: e.data.providerId, resellerId: e.data.resellerId, status: 'requested' };
    switch (e.type) {
      case 'PartnershipRequested':
        // A new request after a removal starts a new partnership.
        return { providerId: doc.providerId, resellerId: doc.resellerId, status: 'requested', requestedAt: e.data.requestedAt };
      case 'PartnershipAccepted':
        return { ...doc, status: 'active', acceptedAt: e.data.acceptedAt, removedAt: undefined };
      case 'PartnershipRemoved':
        return { ...doc, status: 'removed', removedAt: e.data.removedAt };
    }
  },
  rows: (doc) => ({
    partnerships: [
      {
        provider_id: doc.providerId,
        reseller_id: doc.resellerId,
        status: doc.status,
        requested_at: doc.requestedAt ?? null,
        accepted_at: doc.acceptedAt ?? null,
        removed_at: doc.removedAt ?? null,
      },
    ],
  }),
};

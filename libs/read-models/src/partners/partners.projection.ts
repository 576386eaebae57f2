import { PartnerKind } from '@app/domain';
import { Projection } from '../projection';
import { domainEvent } from '../shared/domain-event';

export interface PartnerDoc {
  partnerId: string;
  kind: PartnerKind;
  name: string;
  mpnId: string;
  country: string;
  enrolledAt: string;
}

/** Directory of enrolled partners: names for the partnership and partners-of-a-customer views. */
export const partnersProjection: Projection<PartnerDoc> = {
  name: 'partners',
  version: 1,
  handles: ['PartnerEnrolled'],
  tables: [
    {
      name: 'partners',
      columns: { partner_id: 'text', kind: 'text', name: 'text', mpn_id: 'text', country: 'text', enrolled_at: 'text' },
      primaryKey: ['partner_id'],
    },
  ],
  identity: (event) => [event.data.partnerId],
  evolve(doc, event) {
    const e = domainEvent(event);
    if (e.type !== 'PartnerEnrolled') return doc;
    return {
      partnerId: e.data.partnerId,
      kind: e.data.kind,
      name: e.data.name,
      mpnId: e.data.mpnId,
      country: e.data.country,
      enrolledAt: e.data.enrolledAt,
    };
  },
  rows: (doc) => ({
    partners: [
      { partner_id: doc.partnerId, kind: doc.kind, name: doc.name, mpn_id: doc.mpnId, country: doc.country, enrolled_at: doc.enrolledAt },
    ],
  }),
};

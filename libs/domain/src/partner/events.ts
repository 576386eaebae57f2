import { DomainEvent, IsoTime, PartnerKind } from '../shared/types';

export type PartnerEnrolled = DomainEvent<
  'PartnerEnrolled',
  {
    partnerId: string;
    kind: PartnerKind;
    name: string;
    mpnId: string;
    /** ISO 3166-1 alpha-2, upper case. */
    country: string;
    enrolledAt: IsoTime;
  }
>;

export type PartnerEvent = PartnerEnrolled;
export const partnerEventTypes: readonly PartnerEvent['type'][] = ['PartnerEnrolled'];

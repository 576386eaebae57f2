import type { SupportContactDesignated } from './customer/events';

/**
 * Every older shape an event type was stored with, keyed `<Type>.v<N>`: the shapes the upcasters
 * (./upcasters.ts) take as input, and the event catalogue's schemas for those versions (docs/events/catalogue.json
 * keeps every version a deployment may hold). Today's shapes are the events' own types (`AnyDomainEvent`).
 */
export interface LegacyEventData {
  /** Version 1: the new support contact was `partnerId`. */
  'SupportContactDesignated.v1': SupportContactDesignatedV1;
}

export type SupportContactDesignatedV1 = Omit<SupportContactDesignated['data'], 'supportContactId'> & {
  /** The partner now the support contact (not the seller, as `partnerId` means in other events). */
  partnerId: string;
};

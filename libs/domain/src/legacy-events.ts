/**
 * Every older shape an event type was stored with, keyed `<Type>.v<N>`: the shapes the upcasters
 * (./upcasters.ts) take as input, and the event catalogue's schemas for those versions (docs/events/catalogue.json
 * keeps every version a deployment may hold). Today's shapes are the events' own types (`AnyDomainEvent`).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- no type has an older version yet
export interface LegacyEventData {}

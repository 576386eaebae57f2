import { DomainEvent } from '../shared/types';

/** Appended with expected state "no stream": the store makes the first claim of a domain win. */
export type CustomerDomainClaimed = DomainEvent<
  'CustomerDomainClaimed',
  { domain: string; customerId: string; claimedAt: string }
>;

export type CustomerDomainEvent = CustomerDomainClaimed;
export const customerDomainEventTypes: readonly CustomerDomainEvent['type'][] = ['CustomerDomainClaimed'];

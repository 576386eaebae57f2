import { DomainEvent, IsoTime } from '../shared/types';

/**
 * The first claim is appended with expected state "no stream", so the store makes it win. A takeover
 * (`takenOverFrom`) is appended at the claim stream's revision: a claim whose customer was never created
 * (the command that claimed it failed halfway) passes to a new customer after a grace period.
 */
export type CustomerDomainClaimed = DomainEvent<
  'CustomerDomainClaimed',
  { domain: string; customerId: string; takenOverFrom?: string; claimedAt: IsoTime }
>;

export type CustomerDomainEvent = CustomerDomainClaimed;

export const customerDomainEventTypes: readonly CustomerDomainEvent['type'][] = ['CustomerDomainClaimed'];

import { customerEventTypes, CustomerEvent } from './customer/events';
import { customerDomainEventTypes, CustomerDomainEvent } from './customer-domain/events';
import { invitationEventTypes, InvitationEvent } from './invitation/events';
import { partnerEventTypes, PartnerEvent } from './partner/events';
import { partnershipEventTypes, PartnershipEvent } from './partnership/events';

export type AnyDomainEvent = PartnerEvent | CustomerEvent | CustomerDomainEvent | InvitationEvent | PartnershipEvent;
export type EventType = AnyDomainEvent['type'];

export const eventTypes: readonly EventType[] = [
  ...partnerEventTypes,
  ...customerEventTypes,
  ...customerDomainEventTypes,
  ...invitationEventTypes,
  ...partnershipEventTypes,
];

export const isDomainEventType = (type: string): type is EventType => (eventTypes as readonly string[]).includes(type);

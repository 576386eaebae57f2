import { eventTypes } from '@app/domain';
import { webhookEventTypes } from './event-types';

describe('webhookEventTypes', () => {
  it('offers every event a partner may be shown, and none that no partner ever is', () => {
    expect(webhookEventTypes).toEqual(
      expect.arrayContaining(['PartnerEnrolled', 'CustomerAdded', 'RelationshipRemoved', 'PartnershipAccepted', 'SubscriptionAdded']),
    );
    expect(webhookEventTypes).not.toEqual(expect.arrayContaining(['CustomerDomainClaimed']));
    expect(webhookEventTypes).not.toContain('CustomerRegistered');
    expect(webhookEventTypes).not.toContain('CustomerCreationAbandoned');
    expect(webhookEventTypes.every((type) => (eventTypes as readonly string[]).includes(type))).toBe(true);
  });
});

import { eventTypes, partnersConcernedBy } from '@app/domain';

/** The test event's type: sent only by `POST /v1/webhooks/{id}/test`, never from the log. */
export const TEST_EVENT_TYPE = 'WebhookTest';

/**
 * Any value for any field: an event type whose visibility rule names a partner when every field is set is one a
 * partner can be shown. Derived from the one rule rather than listed a second time.
 */
const everyFieldSet: unknown = new Proxy({}, { get: () => 'probe' });

/** The event types a webhook can subscribe to: every domain event some partner may be shown. */
export const webhookEventTypes: readonly string[] = eventTypes.filter((type) => partnersConcernedBy(type, everyFieldSet).length > 0);

import { eventTypesShownToPartners } from '@app/domain';

/** The test event's type: sent only by `POST /v1/webhooks/{id}/test`, never from the log. */
export const TEST_EVENT_TYPE = 'WebhookTest';

/** The event types a webhook can subscribe to: every domain event some partner may be shown. */
export const webhookEventTypes: readonly string[] = eventTypesShownToPartners;

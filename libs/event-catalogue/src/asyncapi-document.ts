import { eventTypesShownToPartners, streamCategories } from '@app/domain';
import { schemaName, type JsonSchema } from './catalogue';
import type { GeneratedSchemas } from './generate-catalogue';

const ref = (path: string) => ({ $ref: `#/components/${path}` });
const cloudEventType = (type: string, version: number) => `com.csp-relationships.${type}.v${version}`;

/**
 * The webhooks' test event (`POST /v1/webhooks/{id}/test`, apps/api/src/webhooks/webhook-service.ts): not a domain
 * event, so not in the catalogue; described here beside the events a webhook receives.
 */
const webhookTest: JsonSchema = {
  title: 'WebhookTest v1',
  type: 'object',
  properties: {
    webhookId: { type: 'string' },
    partnerId: { type: 'string' },
    sentAt: { type: 'string', format: 'date-time' },
  },
  required: ['webhookId', 'partnerId', 'sentAt'],
  additionalProperties: false,
};

/**
 * The AsyncAPI 3 document of everything downstream services can receive: the live feed, webhooks and the store's
 * own streams. Every payload refers to the catalogue's schema of its event version, copied into
 * `components.schemas` so that the served document stands alone.
 */
export function asyncApiDocument({ catalogue, cloudEvent, metadata }: GeneratedSchemas): Record<string, unknown> {
  const events = Object.entries(catalogue.events);
  const schemas: Record<string, unknown> = {
    CloudEvent: cloudEvent,
    EventMetadata: metadata,
    [schemaName('WebhookTest', 1)]: webhookTest,
  };
  for (const [type, entry] of events)
    for (const [version, schema] of Object.entries(entry.versions)) schemas[schemaName(type, Number(version))] = schema;

  // The feed and webhooks send each event upcast to its current version; the store holds every version ever written.
  const shown = events.filter(([type]) => (eventTypesShownToPartners as readonly string[]).includes(type));
  const current = shown.map(([type, entry]) => schemaName(type, entry.currentVersion));
  const stored = events.flatMap(([type, entry]) => Object.keys(entry.versions).map((version) => schemaName(type, Number(version))));

  const messages: Record<string, unknown> = {};
  const cloudEventMessage = (name: string, type: string, version: number, traits: unknown[]) => ({
    name,
    title: `${type} v${version}`,
    summary: `CloudEvent of type ${cloudEventType(type, version)}`,
    contentType: 'application/json',
    payload: {
      allOf: [
        ref('schemas/CloudEvent'),
        { type: 'object', properties: { type: { const: cloudEventType(type, version) }, data: ref(`schemas/${name}`) } },
      ],
    },
    ...(traits.length === 0 ? {} : { traits }),
  });
  for (const [type, entry] of shown) {
    const name = schemaName(type, entry.currentVersion);
    messages[`feed.${name}`] = cloudEventMessage(name, type, entry.currentVersion, []);
    messages[`webhook.${name}`] = cloudEventMessage(name, type, entry.currentVersion, [ref('messageTraits/StandardWebhooks')]);
  }
  messages['webhook.WebhookTest.v1'] = cloudEventMessage('WebhookTest.v1', 'WebhookTest', 1, [ref('messageTraits/StandardWebhooks')]);
  for (const name of stored)
    messages[`store.${name}`] = {
      name,
      title: name.replace('.v', ' v'),
      summary: `Stored event of type ${name.split('.v')[0]} with metadata.schemaVersion ${name.split('.v')[1]}`,
      contentType: 'application/json',
      headers: ref('schemas/EventMetadata'),
      payload: ref(`schemas/${name}`),
    };

  const channelMessages = (prefix: string, names: string[]) =>
    Object.fromEntries(names.map((name) => [`${prefix}.${name}`, ref(`messages/${prefix}.${name}`)]));
  const storeMessages = channelMessages('store', stored);

  const channels = {
    liveFeed: {
      address: '/v1/events/stream',
      title: 'Live feed (Server-Sent Events)',
      description:
        "`GET /v1/events/stream` with a partner user's bearer token: a `text/event-stream` of the partner's own events, " +
        'one CloudEvent per `data:` line, `id:` its log position. `?types=` narrows by event name; `Last-Event-ID` (or ' +
        '`?lastEventId=`) resumes after a position with no gap and no repeat; `?from=start` replays from the beginning; ' +
        'a `: heartbeat` comment keeps idle connections open.',
      servers: [{ $ref: '#/servers/api' }],
      messages: channelMessages('feed', current),
    },
    webhook: {
      address: null,
      title: 'Webhook deliveries',
      description:
        'POSTed to the URL of each registration whose `eventTypes` include the event, at least once, in order per ' +
        'customer (or partnership, invitation), signed per Standard Webhooks; drop a repeat by its `webhook-id`.',
      servers: [{ $ref: '#/servers/webhookReceiver' }],
      messages: { ...channelMessages('webhook', current), 'webhook.WebhookTest.v1': ref('messages/webhook.WebhookTest.v1') },
    },
    storeStream: {
      address: '{category}-{id}',
      title: 'One stream of the event store',
      description: "One aggregate's events, e.g. `customer-<customerId>`; `partnership-<providerId>_<resellerId>`.",
      servers: [{ $ref: '#/servers/eventStore' }],
      parameters: {
        category: { enum: [...streamCategories], description: 'Stream category' },
        id: { description: 'The aggregate id (for a customer domain, the normalised domain name)' },
      },
      messages: storeMessages,
    },
    allStream: {
      address: '$all',
      title: 'The whole log',
      description: 'Every stream in commit order; skip system events (types starting with `$`).',
      servers: [{ $ref: '#/servers/eventStore' }],
      messages: storeMessages,
    },
  };
  /** The product sends on every channel: to connected clients, to receivers, into the store. */
  const sending = (channel: keyof typeof channels, title: string, messages: Record<string, unknown>) => ({
    action: 'send',
    title,
    channel: { $ref: `#/channels/${channel}` },
    messages: Object.keys(messages).map((name) => ({ $ref: `#/channels/${channel}/messages/${name}` })),
  });

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'CSP partner relationships: events',
      version: '1',
      description:
        'Every change is an event; downstream services receive them three ways. The live feed and webhooks send a partner ' +
        'the events that concern it, as CloudEvents 1.0 (structured JSON) whose `type` is ' +
        '`com.csp-relationships.<Event>.v<version>` and whose `data` is that version of the event (older stored versions ' +
        'are upcast first). Internal services may subscribe to the event store itself, where each event keeps the data ' +
        'and `metadata.schemaVersion` it was written with. Schemas: docs/events/catalogue.json. Consumers must ignore ' +
        'fields they do not know: a version gains optional fields only; any other change is a new version.',
    },
    defaultContentType: 'application/json',
    servers: {
      api: {
        host: 'localhost:3000',
        protocol: 'https',
        description: 'The API (PUBLIC_URL); `http` on a development setup.',
        security: [ref('securitySchemes/partnerToken')],
      },
      webhookReceiver: {
        host: '{receiverHost}',
        protocol: 'https',
        description: 'A partner endpoint registered with `POST /v1/webhooks` (`url`); the API posts to it.',
        variables: { receiverHost: { description: 'Host of the registered URL' } },
      },
      eventStore: {
        host: '127.0.0.1:2113',
        protocol: 'grpc',
        protocolVersion: 'EventStoreDB client protocol',
        description:
          'The embedded event store (EVENTSTORE_HOST:EVENTSTORE_PORT) or EventStoreDB (EVENTSTORE_URL), for internal ' +
          'services: no authentication of its own, so keep it on loopback or a private network. Any EventStoreDB client ' +
          '(catch-up or persistent subscriptions), e.g. esdb://127.0.0.1:2113?tls=false.',
      },
    },
    channels,
    operations: {
      sendLiveFeed: sending('liveFeed', 'Stream events to a connected partner', channels.liveFeed.messages),
      sendWebhook: sending('webhook', 'Deliver events to registered webhooks', channels.webhook.messages),
      appendToStream: sending('storeStream', 'Events appended to their stream by the command path', storeMessages),
      appendToAll: sending('allStream', 'The same events as the log ($all) orders them', storeMessages),
    },
    components: {
      schemas,
      messages,
      messageTraits: {
        StandardWebhooks: {
          headers: {
            type: 'object',
            properties: {
              'webhook-id': { type: 'string', description: "The delivery's id, the same on every retry" },
              'webhook-timestamp': { type: 'string', description: 'Seconds since the epoch when this attempt was signed' },
              'webhook-signature': {
                type: 'string',
                description:
                  '`v1,<base64 HMAC-SHA256 of id.timestamp.body>` with the registration secret; two, space-separated, while a rotation overlaps',
              },
              traceparent: {
                type: 'string',
                description:
                  "Only when the sender's traces are on: the W3C traceparent of this attempt's span, a trace of its own (linked to the append that wrote the event); not signed",
              },
            },
            required: ['webhook-id', 'webhook-timestamp', 'webhook-signature'],
          },
        },
      },
      securitySchemes: {
        partnerToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: "A partner user's token" },
      },
    },
  };
}

import { randomUUID } from 'node:crypto';
import type { EventSource } from '@app/read-models';
import { ProblemException, problem, validationProblem } from '../http/problem';
import { cloudEventType } from '../feed/cloud-event';
import type { DeliveryWorker } from './delivery/delivery-worker';
import { checkTargetUrl, RefusedTargetError, resolveTarget, type Resolve } from './delivery/target-address';
import type { OutboxStore } from './outbox/outbox-store';
import { TEST_EVENT_TYPE, webhookEventTypes } from './registrations/event-types';
import type { RegistrationStore, WebhookRegistration } from './registrations/registration-store';

/** More than a partner's downstream services need; a bound on the work one partner can put on the filler. */
export const MAX_REGISTRATIONS_PER_PARTNER = 25;
const LIST_LIMIT = 100;

export interface WebhookServiceOptions {
  readonly allowPrivateTargets: boolean;
  readonly secretOverlapMs: number;
  readonly cloudEventSource: () => string;
  readonly resolve: Resolve;
}

const notFound = () => new ProblemException(problem(404, 'NOT_FOUND', 'No such webhook.'));

/**
 * What the webhook routes do, for one partner at a time: every method takes the caller's partner id, and another
 * partner's registration is "not found" exactly like an unknown id.
 */
export class WebhookService {
  constructor(
    private readonly registrations: RegistrationStore,
    private readonly outbox: OutboxStore,
    private readonly log: EventSource,
    private readonly options: WebhookServiceOptions,
    private readonly worker?: DeliveryWorker,
  ) {}

  eventTypes(): { items: { name: string; type: string }[] } {
    return { items: webhookEventTypes.map((name) => ({ name, type: cloudEventType(name) })) };
  }

  async create(partnerId: string, body: { url: string; eventTypes: string[] }): Promise<WebhookRegistration & { secret: string }> {
    const url = await this.checkUrl(body.url);
    const eventTypes = this.checkEventTypes(body.eventTypes);
    // Events from now on: the log's head is where this registration starts.
    const head = await this.log.head();
    const created = await this.registrations.create(partnerId, url, eventTypes, head?.position, MAX_REGISTRATIONS_PER_PARTNER);
    if (!created)
      throw new ProblemException(
        problem(409, 'WEBHOOK.LIMIT_REACHED', `A partner may register at most ${MAX_REGISTRATIONS_PER_PARTNER} webhooks.`),
      );
    return { ...created.registration, secret: created.secret };
  }

  async list(partnerId: string): Promise<{ items: WebhookRegistration[] }> {
    return { items: await this.registrations.list(partnerId) };
  }

  async get(partnerId: string, id: string): Promise<WebhookRegistration> {
    const registration = await this.registrations.find(partnerId, id);
    if (!registration) throw notFound();
    return registration;
  }

  async update(partnerId: string, id: string, body: { url?: string; eventTypes?: string[] }): Promise<WebhookRegistration> {
    await this.get(partnerId, id);
    const patch = {
      ...(body.url === undefined ? {} : { url: await this.checkUrl(body.url) }),
      ...(body.eventTypes === undefined ? {} : { eventTypes: this.checkEventTypes(body.eventTypes) }),
    };
    const updated = await this.registrations.update(partnerId, id, patch);
    if (!updated) throw notFound();
    return updated;
  }

  async remove(partnerId: string, id: string): Promise<void> {
    if (!(await this.registrations.remove(partnerId, id))) throw notFound();
  }

  async rotateSecret(partnerId: string, id: string): Promise<WebhookRegistration & { secret: string }> {
    const rotated = await this.registrations.rotate(partnerId, id, this.options.secretOverlapMs);
    if (!rotated) throw notFound();
    return { ...rotated.registration, secret: rotated.secret };
  }

  /** Queues a test event for the registration; its attempts show in the delivery log like any other. */
  async sendTest(partnerId: string, id: string): Promise<{ deliveryId: string; eventId: string }> {
    await this.get(partnerId, id);
    const eventId = randomUUID();
    const now = new Date();
    const payload = JSON.stringify({
      specversion: '1.0',
      id: eventId,
      source: this.options.cloudEventSource(),
      type: cloudEventType(TEST_EVENT_TYPE),
      subject: `webhooks/${id}`,
      time: now.toISOString(),
      datacontenttype: 'application/json',
      data: { webhookId: id, partnerId, sentAt: now.toISOString() },
    });
    const deliveryId = await this.outbox.enqueue({ webhookId: id, partnerId, eventId, eventType: TEST_EVENT_TYPE, payload }, now.getTime());
    this.worker?.wake();
    return { deliveryId, eventId };
  }

  async deliveries(partnerId: string, id: string) {
    await this.get(partnerId, id);
    return { items: await this.outbox.deliveries(id, LIST_LIMIT) };
  }

  async deadLetters(partnerId: string, id: string) {
    await this.get(partnerId, id);
    return { items: await this.outbox.deadLetters(id, LIST_LIMIT) };
  }

  async redeliver(partnerId: string, id: string, deliveryId: string): Promise<{ deliveryId: string; status: 'pending' }> {
    await this.get(partnerId, id);
    if (!(await this.outbox.redeliver(id, deliveryId, Date.now())))
      throw new ProblemException(problem(404, 'NOT_FOUND', 'No such dead letter for this webhook.'));
    this.worker?.wake();
    return { deliveryId, status: 'pending' };
  }

  /** The URL's form, then where it resolves now (checked again before every attempt). */
  private async checkUrl(text: string): Promise<string> {
    const checked = checkTargetUrl(text, this.options.allowPrivateTargets);
    if (!('url' in checked)) throw validationProblem([{ field: 'url', message: `url ${checked.message}` }]);
    try {
      await resolveTarget(checked.url, this.options.allowPrivateTargets, this.options.resolve);
    } catch (error) {
      const message = error instanceof RefusedTargetError ? error.message : 'the host name does not resolve';
      throw validationProblem([{ field: 'url', message: `url is refused: ${message}` }]);
    }
    return checked.url.href;
  }

  private checkEventTypes(types: string[]): string[] {
    const unknown = types.find((type) => !webhookEventTypes.includes(type));
    if (unknown !== undefined)
      throw validationProblem([
        {
          field: 'eventTypes',
          message: `eventTypes has an unsupported type "${unknown.slice(0, 100)}" (see GET /v1/webhooks/event-types)`,
        },
      ]);
    return [...new Set(types)];
  }
}

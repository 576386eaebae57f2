import { Body, Controller, Delete, Get, HttpCode, Patch, Post, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Answers, orNull } from '../openapi/answers.decorator';
import { webhookSample, webhookWithSecretSample } from '../openapi/samples';
import { Refuses } from '../openapi/refuses.decorator';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type AuthenticatedRequest } from '../auth/auth.decorators';
import type { PartnerPrincipal } from '../auth/principal';
import { IdParam } from '../commands/id-param';
import { ProblemException, problem } from '../http/problem';
import { httpResult, type HttpResult } from '../http/http-result';
import { ReadYourWrites } from '../http/read-your-writes';
import { Idempotent } from '../idempotency/idempotent-command.decorator';
import { WebhookService } from './webhook-service';
import { CreateWebhookDto, UpdateWebhookDto } from './webhooks.dto';

/** Registrations decide where a partner's data goes, so only its administrators manage them. */
const MANAGERS = ['GlobalAdmin', 'AdminAgent'];

class WebhookManagerGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    if (principal?.kind === 'partner' && MANAGERS.includes(principal.role)) return true;
    throw new ProblemException(problem(403, 'FORBIDDEN', `Webhooks are managed by a partner's ${MANAGERS.join(' or ')}.`));
  }
}

/**
 * Partner Center's webhook registration API, per partner (the default audience: partner tokens only). Reads are of
 * tables written synchronously (registrations) or by the delivery itself (its log), so `X-Min-Position` is accepted
 * and never waited for.
 */
@ApiTags('webhooks')
@UseGuards(WebhookManagerGuard)
@Controller('v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhookService) {}

  @Get('event-types')
  @Answers(200, 'Event types and their CloudEvents type', {
    items: [{ name: 'RelationshipRemoved', type: 'com.csp-relationships.RelationshipRemoved.v1' }],
  })
  @ReadYourWrites('stream')
  @ApiOperation({ summary: 'The event types a webhook can subscribe to, with their CloudEvents type' })
  listWebhookEventTypes() {
    return this.webhooks.eventTypes();
  }

  @Post()
  @Answers(201, 'Registered: the secret is shown only here', webhookWithSecretSample)
  @Refuses('WEBHOOK.LIMIT_REACHED')
  @Idempotent()
  @ApiOperation({ summary: 'Register a webhook; the answer carries its signing secret, shown only this once' })
  async createWebhook(@CurrentPrincipal() principal: PartnerPrincipal, @Body() body: CreateWebhookDto): Promise<HttpResult> {
    return httpResult(201, {}, await this.webhooks.create(principal.partnerId, body));
  }

  @Get()
  @Answers(200, "The caller's webhooks", { items: [webhookSample] })
  @ReadYourWrites('stream')
  @ApiOperation({ summary: "The caller's webhooks" })
  listWebhooks(@CurrentPrincipal() principal: PartnerPrincipal) {
    return this.webhooks.list(principal.partnerId);
  }

  @Get(':id')
  @Answers(200, 'The webhook', webhookSample)
  @Refuses('NOT_FOUND')
  @ReadYourWrites('stream')
  @ApiOperation({ summary: 'One webhook' })
  getWebhook(@CurrentPrincipal() principal: PartnerPrincipal, @IdParam('id') id: string) {
    return this.webhooks.get(principal.partnerId, id);
  }

  @Patch(':id')
  @Answers(200, 'The webhook as changed', webhookSample)
  @Refuses('NOT_FOUND')
  @ApiOperation({ summary: "Change a webhook's URL or event types" })
  updateWebhook(@CurrentPrincipal() principal: PartnerPrincipal, @IdParam('id') id: string, @Body() body: UpdateWebhookDto) {
    return this.webhooks.update(principal.partnerId, id, body);
  }

  @Delete(':id')
  @ApiResponse({ status: 204, description: 'Deleted' })
  @Refuses('NOT_FOUND')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a webhook with its pending deliveries, dead letters and delivery log' })
  async deleteWebhook(@CurrentPrincipal() principal: PartnerPrincipal, @IdParam('id') id: string): Promise<void> {
    await this.webhooks.remove(principal.partnerId, id);
  }

  @Post(':id/test')
  @Answers(202, 'Queued', { deliveryId: 'd-51a0', eventId: '9b2f6d1c-1f3e-4e0b-8a51-3c7d2e9f0a11' })
  @Refuses('NOT_FOUND')
  @Idempotent()
  @ApiOperation({ summary: 'Send a test event; its attempts show in the delivery log' })
  async testWebhook(@CurrentPrincipal() principal: PartnerPrincipal, @IdParam('id') id: string): Promise<HttpResult> {
    return httpResult(202, {}, await this.webhooks.sendTest(principal.partnerId, id));
  }

  @Post(':id/rotate-secret')
  @Answers(200, 'The new secret, shown only here', webhookWithSecretSample)
  @Refuses('NOT_FOUND')
  @Idempotent()
  @ApiOperation({ summary: 'A new signing secret (shown once); the old one keeps signing beside it for WEBHOOK_SECRET_OVERLAP_MS' })
  async rotateWebhookSecret(@CurrentPrincipal() principal: PartnerPrincipal, @IdParam('id') id: string): Promise<HttpResult> {
    return httpResult(200, {}, await this.webhooks.rotateSecret(principal.partnerId, id));
  }

  @Get(':id/deliveries')
  @Answers(200, 'Attempts, newest first', {
    items: [
      {
        deliveryId: 'd-51a0',
        eventId: '9b2f6d1c-1f3e-4e0b-8a51-3c7d2e9f0a11',
        eventType: 'RelationshipRemoved',
        attempt: 1,
        attemptedAt: '2026-03-01T10:00:01.000Z',
        statusCode: orNull(204),
        latencyMs: 84,
        error: orNull('connect ECONNREFUSED'),
      },
    ],
  })
  @Refuses('NOT_FOUND')
  @ReadYourWrites('stream')
  @ApiOperation({ summary: 'The delivery log: each attempt with its time, status code, latency and error (newest first)' })
  listWebhookDeliveries(@CurrentPrincipal() principal: PartnerPrincipal, @IdParam('id') id: string) {
    return this.webhooks.deliveries(principal.partnerId, id);
  }

  @Get(':id/dead-letters')
  @Answers(200, 'Dead letters', {
    items: [
      {
        deliveryId: 'd-51a0',
        eventId: '9b2f6d1c-1f3e-4e0b-8a51-3c7d2e9f0a11',
        eventType: 'RelationshipRemoved',
        attempts: 10,
        lastError: orNull('HTTP 500'),
        deadSince: '2026-03-02T10:00:00.000Z',
      },
    ],
  })
  @Refuses('NOT_FOUND')
  @ReadYourWrites('stream')
  @ApiOperation({ summary: 'Deliveries that failed every attempt' })
  listWebhookDeadLetters(@CurrentPrincipal() principal: PartnerPrincipal, @IdParam('id') id: string) {
    return this.webhooks.deadLetters(principal.partnerId, id);
  }

  @Post(':id/dead-letters/:deliveryId/redeliver')
  @Answers(202, 'Back in the outbox', { deliveryId: 'd-51a0', status: 'pending' })
  @Refuses('NOT_FOUND')
  @Idempotent()
  @ApiOperation({ summary: 'Put a dead letter back in the outbox with a fresh set of attempts' })
  async redeliverWebhookDelivery(
    @CurrentPrincipal() principal: PartnerPrincipal,
    @IdParam('id') id: string,
    @IdParam('deliveryId') deliveryId: string,
  ): Promise<HttpResult> {
    return httpResult(202, {}, await this.webhooks.redeliver(principal.partnerId, id, deliveryId));
  }
}

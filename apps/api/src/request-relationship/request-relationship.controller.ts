import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { AnswersCommand } from '../openapi/answers.decorator';
import { Refuses } from '../openapi/refuses.decorator';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { PartnerPrincipal } from '../auth/principal';
import type { AppConfig } from '../config';
import { commandResult, type HttpResult } from '../http/http-result';
import { IdempotencySeed, IdempotentCommand } from '../idempotency/idempotent-command.decorator';
import { APP_CONFIG } from '../infrastructure/resources.module';
import { RequestRelationshipDto } from './request-relationship.dto';
import { RequestRelationshipCommand } from './request-relationship.handler';

@ApiTags('invitations')
@Controller('v1/relationship-requests')
export class RequestRelationshipController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @AnswersCommand(201, 'The invitation: its personalised link is shown only here', {
    invitationId: 'i-7c2e',
    kind: 'reseller',
    link: 'https://csp.example/invitations/i-7c2e?token=4q9Xk2',
    emailText: 'Contoso Resellers invites you to a reseller relationship: https://csp.example/invitations/i-7c2e?token=4q9Xk2',
    expiresAt: '2026-03-31T10:00:00.000Z',
  })
  @Refuses(
    'INVITATION.ALREADY_EXISTS',
    'INVITATION.LINK_MISSING_FROM_EMAIL',
    'ADMIN.SERVICE_UNKNOWN',
    'PARTNERSHIP.NOT_ACTIVE',
    'IDEMPOTENCY_RESPONSE_LOST',
  )
  @HttpCode(201)
  @ApiOperation({
    summary: 'Request a reseller relationship with a customer (or, with providerId, a combined reseller + provider invitation)',
    description: 'Returns the draft email and the personalised link. The link token is shown once and stored only as a SHA-256 hash.',
  })
  @IdempotentCommand('RequestRelationship')
  async requestRelationship(
    @CurrentPrincipal() principal: PartnerPrincipal,
    @Body() body: RequestRelationshipDto,
    @IdempotencySeed() seed: string | undefined,
  ): Promise<HttpResult> {
    const outcome = await this.commands.execute(new RequestRelationshipCommand(principal, body, this.config, seed));
    const { invitationId, link, emailText, expiresAt, kind } = outcome;
    return commandResult(201, outcome, { invitationId, kind, link, emailText, expiresAt }, `/v1/invitations/${invitationId}`);
  }
}

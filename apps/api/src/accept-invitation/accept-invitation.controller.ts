import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { AnswersCommand } from '../openapi/answers.decorator';
import { Refuses } from '../openapi/refuses.decorator';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, ForAudience } from '../auth/auth.decorators';
import type { CustomerPrincipal } from '../auth/principal';
import { IdParam } from '../commands/id-param';
import { commandResult, type HttpResult } from '../http/http-result';
import { IdempotencySeed, IdempotentCommand } from '../idempotency/idempotent-command.decorator';
import { AcceptInvitationDto } from './accept-invitation.dto';
import { AcceptInvitationCommand } from './accept-invitation.handler';

@ApiTags('invitations')
@ForAudience('customer')
@Controller('v1/invitations/:invitationId/accept')
export class AcceptInvitationController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @AnswersCommand(200, 'Accepted', { invitationId: 'i-7c2e', customerId: 'c-contoso', status: 'accepted' })
  @Refuses(
    'INVITATION.NOT_FOUND',
    'INVITATION.EXPIRED',
    'INVITATION.REVOKED',
    'INVITATION.TOKEN_INVALID',
    'INVITATION.ALREADY_ACCEPTED_BY_CUSTOMER',
    'CUSTOMER.DETAILS_REQUIRED',
    'CUSTOMER.DOMAIN_TAKEN',
    'CUSTOMER.DOMAIN_INVALID',
    'RELATIONSHIP.ALREADY_ACTIVE',
    'PARTNERSHIP.NOT_ACTIVE',
    'ADMIN.HELD_BY_OTHER_PARTNER',
  )
  @HttpCode(200)
  @ApiOperation({
    summary: "Accept an invitation (the customer's Global admin, with the token from the link)",
    description: 'The reseller relationship(s) and any admin permissions are established right after, from the recorded acceptance.',
  })
  @IdempotentCommand('AcceptInvitation')
  async acceptInvitation(
    @CurrentPrincipal() principal: CustomerPrincipal,
    @IdParam('invitationId') invitationId: string,
    @Body() body: AcceptInvitationDto,
    @IdempotencySeed() seed: string | undefined,
  ): Promise<HttpResult> {
    const result = await this.commands.execute(new AcceptInvitationCommand(principal, invitationId, body, seed));
    return commandResult(200, result, { invitationId, customerId: principal.customerId, status: 'accepted' });
  }
}

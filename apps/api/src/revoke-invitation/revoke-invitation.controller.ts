import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { AnswersCommand } from '../openapi/answers.decorator';
import { Refuses } from '../openapi/refuses.decorator';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { PartnerPrincipal } from '../auth/principal';
import { IdParam } from '../commands/id-param';
import { commandResult, type HttpResult } from '../http/http-result';
import { IfMatch } from '../http/if-match';
import { RevokeInvitationDto } from './revoke-invitation.dto';
import { RevokeInvitationCommand } from './revoke-invitation.handler';
import { IdempotentCommand } from '../idempotency/idempotent-command.decorator';

@ApiTags('invitations')
@Controller('v1/invitations/:invitationId/revoke')
export class RevokeInvitationController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @AnswersCommand(200, 'Revoked', { invitationId: 'i-7c2e', status: 'revoked' })
  @Refuses('INVITATION.NOT_FOUND', 'INVITATION.EXPIRED', 'INVITATION.REVOKED')
  @IdempotentCommand('RevokeInvitation')
  @HttpCode(200)
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOperation({ summary: 'Revoke an open invitation; relationships already established stay' })
  async revokeInvitation(
    @CurrentPrincipal() principal: PartnerPrincipal,
    @IdParam('invitationId') invitationId: string,
    @IfMatch() ifMatch: bigint | undefined,
    @Body() body: RevokeInvitationDto,
  ): Promise<HttpResult> {
    const result = await this.commands.execute(new RevokeInvitationCommand(principal, invitationId, body, ifMatch));
    return commandResult(200, result, { invitationId, status: 'revoked' });
  }
}

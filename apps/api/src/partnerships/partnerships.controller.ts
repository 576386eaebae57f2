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
import { IdempotencySeed, IdempotentCommand } from '../idempotency/idempotent-command.decorator';
import { RemovePartnershipDto, RequestPartnershipDto } from './partnerships.dto';
import { AcceptPartnershipCommand, RemovePartnershipCommand, RequestPartnershipCommand } from './partnerships.handlers';

/** Provider <-> indirect reseller partnerships, seen from the provider ("indirect resellers") and the reseller ("indirect providers"). */
@ApiTags('partnerships')
@Controller('v1')
export class PartnershipsController {
  constructor(private readonly commands: CommandBus) {}

  @Post('indirect-resellers')
  @AnswersCommand(201, 'Requested; Location: the partnership', {
    providerId: 'p-fabrikam',
    resellerId: 'p-contoso-resell',
    status: 'requested',
  })
  @Refuses('PARTNERSHIP.ALREADY_REQUESTED', 'PARTNERSHIP.ALREADY_ACTIVE')
  @HttpCode(201)
  @ApiOperation({ summary: 'Provider: request a partnership with an indirect reseller' })
  @IdempotentCommand('RequestPartnership')
  async requestPartnership(
    @CurrentPrincipal() principal: PartnerPrincipal,
    @Body() body: RequestPartnershipDto,
    @IdempotencySeed() seed: string | undefined,
  ): Promise<HttpResult> {
    const providerId = principal.partnerId;
    const result = await this.commands.execute(
      new RequestPartnershipCommand(
        principal,
        { type: 'RequestPartnership', data: { providerId, resellerId: body.resellerId, requestedBy: principal.userId } },
        undefined,
        seed,
      ),
    );
    return commandResult(
      201,
      result,
      { providerId, resellerId: body.resellerId, status: 'requested' },
      `/v1/partnerships/${providerId}/${body.resellerId}`,
    );
  }

  @Post('indirect-resellers/:resellerId/remove')
  @AnswersCommand(200, 'Removed', { providerId: 'p-fabrikam', resellerId: 'p-contoso-resell', status: 'removed' })
  @Refuses('PARTNERSHIP.NOT_FOUND', 'PARTNERSHIP.NOT_ACTIVE')
  @IdempotentCommand('RemovePartnership')
  @HttpCode(200)
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOperation({ summary: 'Provider: remove (or withdraw) a partnership; customers and admin permissions stay' })
  async removePartnership(
    @CurrentPrincipal() principal: PartnerPrincipal,
    @IdParam('resellerId') resellerId: string,
    @IfMatch() ifMatch: bigint | undefined,
    @Body() body: RemovePartnershipDto,
    @IdempotencySeed() seed: string | undefined,
  ): Promise<HttpResult> {
    const providerId = principal.partnerId;
    const result = await this.commands.execute(
      new RemovePartnershipCommand(
        principal,
        { type: 'RemovePartnership', data: { providerId, resellerId, removedBy: principal.userId, ...body } },
        ifMatch,
        seed,
      ),
    );
    return commandResult(200, result, { providerId, resellerId, status: 'removed' });
  }

  @Post('indirect-providers/:providerId/accept')
  @AnswersCommand(200, 'Active', { providerId: 'p-fabrikam', resellerId: 'p-contoso-resell', status: 'active' })
  @Refuses('PARTNERSHIP.NOT_REQUESTED', 'PARTNERSHIP.ALREADY_ACTIVE')
  @IdempotentCommand('AcceptPartnership')
  @HttpCode(200)
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOperation({ summary: "Reseller's Global admin: accept a provider's partnership request" })
  async acceptPartnership(
    @CurrentPrincipal() principal: PartnerPrincipal,
    @IdParam('providerId') providerId: string,
    @IfMatch() ifMatch: bigint | undefined,
    @IdempotencySeed() seed: string | undefined,
  ): Promise<HttpResult> {
    const resellerId = principal.partnerId;
    const result = await this.commands.execute(
      new AcceptPartnershipCommand(
        principal,
        { type: 'AcceptPartnership', data: { providerId, resellerId, acceptedBy: principal.userId } },
        ifMatch,
        seed,
      ),
    );
    return commandResult(200, result, { providerId, resellerId, status: 'active' });
  }
}

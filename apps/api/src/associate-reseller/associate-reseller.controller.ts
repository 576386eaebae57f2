import { Body, Controller, HttpCode, Post, Put } from '@nestjs/common';
import { AnswersCommand } from '../openapi/answers.decorator';
import { Refuses } from '../openapi/refuses.decorator';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Issues } from '../auth/issues.decorator';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { PartnerPrincipal } from '../auth/principal';
import { IdParam } from '../commands/id-param';
import { commandResult, type HttpResult } from '../http/http-result';
import { Reply, sendResult } from '../http/send-result';
import { IdempotencySeed, IdempotentCommand } from '../idempotency/idempotent-command.decorator';
import { AssociateResellerCommand } from './associate-reseller.handler';
import { AssociateResellerDto } from './associate-reseller.dto';

/**
 * Recorded on the partnership stream, whose revision proves the partnership was active; the customer
 * stream mirrors it through the process manager.
 */
@ApiTags('partnerships')
@Controller('v1/customers/:customerId')
export class AssociateResellerController {
  constructor(private readonly commands: CommandBus) {}

  @Post('resellers')
  @AnswersCommand(200, 'Associated', {
    customerId: 'c-contoso',
    providerId: 'p-fabrikam',
    resellerId: 'p-contoso-resell',
    associated: true,
  })
  @Refuses('CUSTOMER.NOT_FOUND', 'RELATIONSHIP.NOT_ACTIVE', 'PARTNERSHIP.NOT_ACTIVE')
  @HttpCode(200)
  @ApiOperation({ summary: 'Provider: associate an indirect reseller with a customer account' })
  @IdempotentCommand('AssociateResellerWithCustomer')
  async associateResellerWithCustomer(
    @CurrentPrincipal() principal: PartnerPrincipal,
    @IdParam('customerId') customerId: string,
    @Body() body: AssociateResellerDto,
    @IdempotencySeed() seed: string | undefined,
  ): Promise<HttpResult> {
    const providerId = principal.partnerId;
    const result = await this.commands.execute(
      new AssociateResellerCommand(
        principal,
        {
          type: 'AssociateResellerWithCustomer',
          data: { providerId, resellerId: body.resellerId, customerId, associatedBy: principal.userId },
        },
        seed,
      ),
    );
    return commandResult(200, result, { customerId, providerId, resellerId: body.resellerId, associated: true });
  }

  @Put('subscriptions/:subscriptionId/partner-of-record')
  @AnswersCommand(200, 'The reseller is the partner of record', {
    customerId: 'c-contoso',
    subscriptionId: 's-1',
    providerId: 'p-fabrikam',
    resellerId: 'p-contoso-resell',
    associated: true,
  })
  @Refuses('CUSTOMER.NOT_FOUND', 'RELATIONSHIP.NOT_ACTIVE', 'PARTNERSHIP.NOT_ACTIVE', 'SUBSCRIPTION.NOT_FOUND')
  @Issues('AssociateResellerWithSubscription')
  @HttpCode(200)
  @ApiOperation({ summary: "Provider: make an indirect reseller a subscription's partner of record" })
  async associateResellerWithSubscription(
    @CurrentPrincipal() principal: PartnerPrincipal,
    @IdParam('customerId') customerId: string,
    @IdParam('subscriptionId') subscriptionId: string,
    @Body() body: AssociateResellerDto,
    @Reply() reply: FastifyReply,
  ): Promise<unknown> {
    const providerId = principal.partnerId;
    const result = await this.commands.execute(
      new AssociateResellerCommand(principal, {
        type: 'AssociateResellerWithSubscription',
        data: { providerId, resellerId: body.resellerId, customerId, subscriptionId, associatedBy: principal.userId },
      }),
    );
    return sendResult(
      reply,
      commandResult(200, result, { customerId, subscriptionId, providerId, resellerId: body.resellerId, associated: true }),
    );
  }
}

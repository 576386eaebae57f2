import { Body, Controller, HttpCode, Patch, Post, Put } from '@nestjs/common';
import { AnswersCommand } from '../openapi/answers.decorator';
import { Refuses } from '../openapi/refuses.decorator';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Issues } from '../auth/issues.decorator';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { PartnerPrincipal } from '../auth/principal';
import { IdParam } from '../commands/id-param';
import { commandResult, type HttpResult } from '../http/http-result';
import { Reply, sendResult } from '../http/send-result';
import { IfMatch } from '../http/if-match';
import { IdempotencySeed, IdempotentCommand } from '../idempotency/idempotent-command.decorator';
import { AddSubscriptionDto, ChangeLicenseCountDto, DesignateSupportContactDto } from './subscriptions.dto';
import { AddSubscriptionCommand, ChangeLicenseCountCommand, DesignateSupportContactCommand } from './subscriptions.handlers';

@ApiTags('subscriptions')
@ApiHeader({ name: 'If-Match', required: false })
@Controller('v1/customers/:customerId/subscriptions')
export class SubscriptionsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @AnswersCommand(201, 'Added; Location: the subscription', { customerId: 'c-contoso', subscriptionId: 's-1' })
  @Refuses(
    'CUSTOMER.NOT_FOUND',
    'RELATIONSHIP.NOT_ACTIVE',
    'PARTNERSHIP.NOT_ACTIVE',
    'SUBSCRIPTION.ALREADY_EXISTS',
    'SUBSCRIPTION.OFFER_UNKNOWN',
    'SUBSCRIPTION.LICENSE_COUNT_INVALID',
  )
  @HttpCode(201)
  @IdempotentCommand('AddSubscription')
  @ApiOperation({ summary: 'Add a subscription from the catalogue (optionally with a reseller as partner of record)' })
  async addSubscription(
    @CurrentPrincipal() principal: PartnerPrincipal,
    @IdParam('customerId') customerId: string,
    @IfMatch() ifMatch: bigint | undefined,
    @Body() body: AddSubscriptionDto,
    @IdempotencySeed() seed: string | undefined,
  ): Promise<HttpResult> {
    const command = AddSubscriptionCommand.create(principal, customerId, body, ifMatch, seed);
    const result = await this.commands.execute(command);
    const { subscriptionId } = command.body;
    return commandResult(201, result, { customerId, subscriptionId }, `/v1/customers/${customerId}/subscriptions/${subscriptionId}`);
  }

  @Patch(':subscriptionId')
  @AnswersCommand(200, 'Changed', { customerId: 'c-contoso', subscriptionId: 's-1', licenseCount: 30 })
  @Refuses('CUSTOMER.NOT_FOUND', 'RELATIONSHIP.NOT_ACTIVE', 'SUBSCRIPTION.NOT_FOUND', 'SUBSCRIPTION.LICENSE_COUNT_INVALID')
  @Issues('ChangeLicenseCount')
  @ApiOperation({ summary: "Change a subscription's license count" })
  async changeLicenseCount(
    @CurrentPrincipal() principal: PartnerPrincipal,
    @IdParam('customerId') customerId: string,
    @IdParam('subscriptionId') subscriptionId: string,
    @IfMatch() ifMatch: bigint | undefined,
    @Body() body: ChangeLicenseCountDto,
    @Reply() reply: FastifyReply,
  ): Promise<unknown> {
    const result = await this.commands.execute(new ChangeLicenseCountCommand(principal, customerId, { ...body, subscriptionId }, ifMatch));
    return sendResult(reply, commandResult(200, result, { customerId, subscriptionId, licenseCount: body.licenseCount }));
  }

  @Put(':subscriptionId/support-contact')
  @AnswersCommand(200, 'Designated', {
    customerId: 'c-contoso',
    subscriptionId: 's-1',
    supportContact: { partnerId: 'p-contoso-resell' },
  })
  @Refuses('CUSTOMER.NOT_FOUND', 'RELATIONSHIP.NOT_ACTIVE', 'SUBSCRIPTION.NOT_FOUND', 'SUPPORT.RESELLER_NOT_ASSOCIATED')
  @Issues('DesignateSupportContact')
  @ApiOperation({ summary: "Designate a subscription's support contact: the provider or an associated reseller" })
  async designateSupportContact(
    @CurrentPrincipal() principal: PartnerPrincipal,
    @IdParam('customerId') customerId: string,
    @IdParam('subscriptionId') subscriptionId: string,
    @IfMatch() ifMatch: bigint | undefined,
    @Body() body: DesignateSupportContactDto,
    @Reply() reply: FastifyReply,
  ): Promise<unknown> {
    const result = await this.commands.execute(
      new DesignateSupportContactCommand(principal, customerId, { ...body, subscriptionId }, ifMatch),
    );
    return sendResult(reply, commandResult(200, result, { customerId, subscriptionId, supportContact: body }));
  }
}

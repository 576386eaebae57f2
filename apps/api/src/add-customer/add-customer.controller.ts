import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { AnswersCommand } from '../openapi/answers.decorator';
import { Refuses } from '../openapi/refuses.decorator';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { PartnerPrincipal } from '../auth/principal';
import { commandResult, type HttpResult } from '../http/http-result';
import { IdempotencySeed, IdempotentCommand } from '../idempotency/idempotent-command.decorator';
import { AddCustomerDto } from './add-customer.dto';
import { AddCustomerCommand } from './add-customer.handler';

@ApiTags('customers')
@Controller('v1/customers')
export class AddCustomerController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @AnswersCommand(201, 'Added; Location: /v1/customers/{customerId}', {
    customerId: 'c-contoso',
    primaryDomain: 'contoso.example',
    adminUserName: 'admin@contoso.example',
    temporaryPassword: '=5aU2nDJUQwN#5UV',
    subscriptionIds: ['s-1'],
  })
  @Refuses(
    'CUSTOMER.ALREADY_EXISTS',
    'CUSTOMER.DOMAIN_TAKEN',
    'CUSTOMER.DOMAIN_INVALID',
    'AGREEMENT.DATE_IN_FUTURE',
    'AGREEMENT.ATTESTATION_REQUIRED',
    'PARTNERSHIP.NOT_ACTIVE',
    'SUBSCRIPTION.OFFER_UNKNOWN',
    'SUBSCRIPTION.LICENSE_COUNT_INVALID',
    'SUBSCRIPTION.ALREADY_EXISTS',
  )
  @HttpCode(201)
  @ApiOperation({
    summary: 'Add a new customer (direct partners and indirect providers)',
    description: 'The response holds the admin user name and a temporary password; the password is shown only here and never stored.',
  })
  @IdempotentCommand('AddCustomer')
  async addCustomer(
    @CurrentPrincipal() principal: PartnerPrincipal,
    @Body() body: AddCustomerDto,
    @IdempotencySeed() seed: string | undefined,
  ): Promise<HttpResult> {
    const outcome = await this.commands.execute(new AddCustomerCommand(principal, body, seed));
    return commandResult(
      201,
      outcome,
      {
        customerId: outcome.customerId,
        primaryDomain: outcome.primaryDomain,
        adminUserName: outcome.adminUserName,
        temporaryPassword: outcome.temporaryPassword,
        subscriptionIds: outcome.subscriptionIds,
      },
      `/v1/customers/${outcome.customerId}`,
    );
  }
}

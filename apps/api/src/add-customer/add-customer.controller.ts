import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { PartnerPrincipal } from '../auth/principal';
import { commandResult, type HttpResult } from '../http/http-result';
import { IdempotencySeed, IdempotentCommand } from '../idempotency/idempotent-command.decorator';
import { AddCustomerDto } from './add-customer.dto';
import { AddCustomerCommand } from './add-customer.handler';

@ApiTags('customers')
@ApiBearerAuth()
@Controller('v1/customers')
export class AddCustomerController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Add a new customer (direct partners and indirect providers)',
    description: 'The response holds the admin user name and a temporary password; the password is shown only here and never stored.',
  })
  @IdempotentCommand('AddCustomer')
  async add(
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

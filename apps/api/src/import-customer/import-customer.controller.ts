import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { AnswersCommand } from '../openapi/answers.decorator';
import { Refuses } from '../openapi/refuses.decorator';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { PartnerPrincipal } from '../auth/principal';
import { commandResult, type HttpResult } from '../http/http-result';
import { IdempotencySeed, IdempotentCommand } from '../idempotency/idempotent-command.decorator';
import { ImportCustomerDto } from './import-customer.dto';
import { ImportCustomerCommand } from './import-customer.handler';

@ApiTags('customers')
@Controller('v1/customers/import')
export class ImportCustomerController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @AnswersCommand(200, 'Imported (imported: false when it already was)', { customerId: 'c-contoso', imported: true })
  @Refuses('CUSTOMER.NOT_FOUND', 'CUSTOMER.DOMAIN_TAKEN', 'CUSTOMER.DOMAIN_INVALID')
  @HttpCode(200)
  @ApiOperation({ summary: 'Bring in a customer the partner already serves in another portal (idempotent per customer)' })
  @IdempotentCommand('ImportCustomer')
  async importCustomer(
    @CurrentPrincipal() principal: PartnerPrincipal,
    @Body() body: ImportCustomerDto,
    @IdempotencySeed() seed: string | undefined,
  ): Promise<HttpResult> {
    const result = await this.commands.execute(new ImportCustomerCommand(principal, body, seed));
    return commandResult(
      200,
      result,
      { customerId: body.customerId, imported: result.events.length > 0 },
      `/v1/customers/${body.customerId}`,
    );
  }
}

import { Body, Controller, Patch } from '@nestjs/common';
import { AnswersCommand } from '../openapi/answers.decorator';
import { Refuses } from '../openapi/refuses.decorator';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Issues } from '../auth/issues.decorator';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { PartnerPrincipal } from '../auth/principal';
import { IdParam } from '../commands/id-param';
import { commandResult } from '../http/http-result';
import { Reply, sendResult } from '../http/send-result';
import { IfMatch } from '../http/if-match';
import { UpdateCustomerDetailsDto } from './update-customer-details.dto';
import { UpdateCustomerDetailsCommand } from './update-customer-details.handler';

@ApiTags('customers')
@Controller('v1/customers')
export class UpdateCustomerDetailsController {
  constructor(private readonly commands: CommandBus) {}

  @Patch(':customerId')
  @AnswersCommand(200, 'Updated (changed: false when nothing differed)', { customerId: 'c-contoso', changed: true })
  @Refuses('CUSTOMER.NOT_FOUND', 'RELATIONSHIP.NOT_ACTIVE')
  @Issues('UpdateCustomerDetails')
  @ApiHeader({ name: 'If-Match', required: false, description: 'W/"<revision>" from a previous response' })
  @ApiOperation({ summary: "Update a customer's company name, address or primary contact" })
  async updateCustomerDetails(
    @CurrentPrincipal() principal: PartnerPrincipal,
    @IdParam('customerId') customerId: string,
    @IfMatch() ifMatch: bigint | undefined,
    @Body() body: UpdateCustomerDetailsDto,
    @Reply() reply: FastifyReply,
  ): Promise<unknown> {
    const result = await this.commands.execute(new UpdateCustomerDetailsCommand(principal, customerId, body, ifMatch));
    return sendResult(reply, commandResult(200, result, { customerId, changed: result.events.length > 0 }));
  }
}

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
import { RemoveRelationshipDto } from './remove-relationship.dto';
import { RemoveRelationshipCommand } from './remove-relationship.handler';
import { IdempotentCommand } from '../idempotency/idempotent-command.decorator';

@ApiTags('relationships')
@Controller('v1/customers/:customerId/relationship')
export class RemoveRelationshipController {
  constructor(private readonly commands: CommandBus) {}

  @Post('remove')
  @AnswersCommand(200, 'Removed', { customerId: 'c-contoso', partnerId: 'p-fabrikam', status: 'removed' })
  @Refuses('CUSTOMER.NOT_FOUND', 'RELATIONSHIP.NOT_ACTIVE', 'RELATIONSHIP.CONFIRMATION_REQUIRED')
  @IdempotentCommand('RemoveRelationship')
  @HttpCode(200)
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOperation({
    summary: "Remove the caller's reseller relationship with a customer (Global admin)",
    description: 'Delegated admin permissions stay unchanged. Both confirmations and a reason are recorded.',
  })
  async removeRelationship(
    @CurrentPrincipal() principal: PartnerPrincipal,
    @IdParam('customerId') customerId: string,
    @IfMatch() ifMatch: bigint | undefined,
    @Body() body: RemoveRelationshipDto,
  ): Promise<HttpResult> {
    const result = await this.commands.execute(new RemoveRelationshipCommand(principal, customerId, body, ifMatch));
    return commandResult(200, result, { customerId, partnerId: principal.partnerId, status: 'removed' });
  }
}

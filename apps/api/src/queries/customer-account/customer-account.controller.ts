import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { Refuses } from '../../openapi/refuses.decorator';
import { ApiHeader, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal } from '../../auth/auth.decorators';
import type { PartnerPrincipal } from '../../auth/principal';
import { IdParam } from '../../commands/id-param';
import { sendAccount } from './account-response';
import { CustomerAccounts } from './customer-accounts.service';
import { ReadYourWrites } from '../../http/read-your-writes';

@ApiTags('customers')
@Controller('v1/customers/:customerId/account')
export class CustomerAccountController {
  constructor(private readonly accounts: CustomerAccounts) {}

  @Get()
  @Refuses('CUSTOMER.NOT_FOUND')
  @ReadYourWrites('view')
  @ApiOperation({
    summary: 'Customer account view: profile, agreement attestation, relationships, admin permissions, associated resellers, subscriptions',
  })
  @ApiQuery({ name: 'minPosition', required: false, description: 'The same as X-Min-Position.' })
  @ApiHeader({
    name: 'If-None-Match',
    required: false,
    description: 'The ETag of a copy the client holds: 304 without a body while it is current.',
  })
  @ApiResponse({ status: 200, description: 'The account as the caller may see it, with a strong ETag.' })
  @ApiResponse({ status: 304, description: 'Not modified (If-None-Match).' })
  async getCustomerAccount(
    @CurrentPrincipal() principal: PartnerPrincipal,
    @IdParam('customerId') customerId: string,
    @Query() query: Record<string, unknown>,
    @Headers() headers: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendAccount(reply, await this.accounts.answer(principal, customerId, query, headers), headers['if-none-match']);
  }
}

import { Controller, Get, Headers, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@app/domain';
import { CustomerAccountDoc, queryCustomerAccount } from '@app/read-models';
import { CurrentPrincipal } from '../../auth/auth.decorators';
import type { PartnerPrincipal } from '../../auth/principal';
import { IdParam } from '../../commands/id-param';
import { visibleAccount } from '../../visibility/customer-visibility';
import { ReadModels } from '../shared/read-models.service';
import { minPosition, onlyParams } from '../shared/query-params';

@ApiTags('customers')
@ApiBearerAuth()
@Controller('v1/customers/:customerId/account')
export class CustomerAccountController {
  constructor(private readonly readModels: ReadModels) {}

  @Get()
  @ApiOperation({ summary: 'Customer account view: profile, agreement attestation, relationships, admin permissions, associated resellers, subscriptions' })
  async get(
    @CurrentPrincipal() principal: PartnerPrincipal,
    @IdParam('customerId') customerId: string,
    @Query() query: Record<string, unknown>,
    @Headers() headers: Record<string, unknown>,
  ): Promise<CustomerAccountDoc> {
    await this.readModels.awaitPosition(['customer-account'], minPosition(headers, onlyParams(query, ['minPosition'])));
    const account = visibleAccount(await queryCustomerAccount(this.readModels.db, this.readModels.tables, principal.partnerId, customerId), principal);
    if (!account) throw new DomainError('CUSTOMER.NOT_FOUND', undefined, 'customerId');
    return account;
  }
}

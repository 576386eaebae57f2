import { Controller, Get, Headers, Query } from '@nestjs/common';
import { Answers } from '../../openapi/answers.decorator';
import { customerPartnerSample } from '../../openapi/samples';
import { Refuses } from '../../openapi/refuses.decorator';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@app/domain';
import { CustomerPartner, queryCustomerPartners } from '@app/read-models';
import { CurrentPrincipal } from '../../auth/auth.decorators';
import type { PartnerPrincipal } from '../../auth/principal';
import { IdParam } from '../../commands/id-param';
import { ReadModels } from '../shared/read-models.service';
import { minPosition } from '../shared/query-params';
import { ReadYourWritesQuery } from '../shared/query.dto';
import { ReadYourWrites } from '../../http/read-your-writes';

@ApiTags('customers')
@Controller('v1/customers/:customerId/partners')
export class CustomerPartnersController {
  constructor(private readonly readModels: ReadModels) {}

  @Get()
  @Answers(200, "The customer's partners the caller may see", { items: [customerPartnerSample] })
  @Refuses('CUSTOMER.NOT_FOUND')
  @ReadYourWrites('view')
  @ApiOperation({ summary: 'Partners of a customer: relationships, associated resellers and admin permission holders' })
  async listCustomerPartners(
    @CurrentPrincipal() principal: PartnerPrincipal,
    @IdParam('customerId') customerId: string,
    @Query() query: ReadYourWritesQuery,
    @Headers() headers: Record<string, unknown>,
  ): Promise<{ items: CustomerPartner[] }> {
    await this.readModels.awaitPosition(['customer-account'], minPosition(headers, { minPosition: query.minPosition }));
    const items = await queryCustomerPartners(this.readModels.db, this.readModels.tables, principal.partnerId, customerId);
    if (!items) throw new DomainError('CUSTOMER.NOT_FOUND', undefined, 'customerId');
    return { items };
  }
}

import { Controller, Get, Headers, Query } from '@nestjs/common';
import { Answers, optional } from '../../openapi/answers.decorator';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CustomerListItem, Page, queryCustomerList } from '@app/read-models';
import { CurrentPrincipal } from '../../auth/auth.decorators';
import type { PartnerPrincipal } from '../../auth/principal';
import { ReadModels } from '../shared/read-models.service';
import { minPosition } from '../shared/query-params';
import { CustomerListQuery, pageOf } from '../shared/query.dto';
import { ReadYourWrites } from '../../http/read-your-writes';

@ApiTags('customers')
@Controller('v1/customers')
export class CustomerListController {
  constructor(private readonly readModels: ReadModels) {}

  @Get()
  @Answers(200, 'A page of customers', {
    items: [
      {
        customerId: 'c-contoso',
        companyName: 'Contoso',
        primaryDomain: 'contoso.example',
        origin: 'added',
        since: '2026-03-01T10:00:00.000Z',
        resellerIds: ['p-contoso-resell'],
      },
    ],
    nextCursor: optional('eyJrIjoiY29udG9zbyJ9'),
  })
  @ReadYourWrites('view')
  @ApiOperation({ summary: "The caller's customer list: active relationships (and customers associated with a reseller), paged by cursor" })
  async listCustomers(
    @CurrentPrincipal() principal: PartnerPrincipal,
    @Query() query: CustomerListQuery,
    @Headers() headers: Record<string, unknown>,
  ): Promise<Page<CustomerListItem>> {
    const options = { search: query.search, resellerId: query.resellerId, ...pageOf(query) };
    await this.readModels.awaitPosition(['customer-list'], minPosition(headers, { minPosition: query.minPosition }));
    return this.readModels.run(() => queryCustomerList(this.readModels.db, this.readModels.tables, principal.partnerId, options));
  }
}

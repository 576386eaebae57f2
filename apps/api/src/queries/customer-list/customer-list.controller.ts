import { Controller, Get, Headers, Query } from '@nestjs/common';
import { Answers, optional } from '../../openapi/answers.decorator';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { isValidId } from '@app/domain';
import { CustomerListItem, Page, queryCustomerList } from '@app/read-models';
import { CurrentPrincipal } from '../../auth/auth.decorators';
import type { PartnerPrincipal } from '../../auth/principal';
import { ProblemException, problem } from '../../http/problem';
import { ReadModels } from '../shared/read-models.service';
import { integerParam, minPosition, onlyParams, stringParam } from '../shared/query-params';
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
  @ApiQuery({ name: 'search', required: false, description: 'Prefix of company name, primary domain or customer id (case-insensitive)' })
  @ApiQuery({ name: 'resellerId', required: false, description: 'Provider only: customers associated with this indirect reseller' })
  @ApiQuery({ name: 'limit', required: false, description: '1-200, default 50' })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  @ApiQuery({ name: 'minPosition', required: false, description: 'Answer only once this log position is reflected' })
  async listCustomers(
    @CurrentPrincipal() principal: PartnerPrincipal,
    @Query() query: Record<string, unknown>,
    @Headers() headers: Record<string, unknown>,
  ): Promise<Page<CustomerListItem>> {
    const params = onlyParams(query, ['search', 'resellerId', 'limit', 'cursor', 'minPosition']);
    const resellerId = stringParam(params, 'resellerId', 64);
    if (resellerId !== undefined && !isValidId(resellerId)) {
      throw new ProblemException(problem(400, 'VALIDATION', 'resellerId must be 1-64 letters, digits or dashes.', { field: 'resellerId' }));
    }
    const options = {
      search: stringParam(params, 'search'),
      resellerId,
      limit: integerParam(params, 'limit', 1, 200),
      cursor: stringParam(params, 'cursor', 1000),
    };
    await this.readModels.awaitPosition(['customer-list'], minPosition(headers, params));
    return this.readModels.run(() => queryCustomerList(this.readModels.db, this.readModels.tables, principal.partnerId, options));
  }
}

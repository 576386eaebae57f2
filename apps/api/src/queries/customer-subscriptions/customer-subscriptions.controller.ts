import { Controller, Get, Headers, Query } from '@nestjs/common';
import { Answers, orNull } from '../../openapi/answers.decorator';
import { Refuses } from '../../openapi/refuses.decorator';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@app/domain';
import { CustomerSubscription, queryAssociatingProviders, queryCustomerSubscriptions } from '@app/read-models';
import { CurrentPrincipal } from '../../auth/auth.decorators';
import type { PartnerPrincipal } from '../../auth/principal';
import { IdParam } from '../../commands/id-param';
import { visibleSubscriptions } from '../../visibility/customer-visibility';
import { ReadModels } from '../shared/read-models.service';
import { minPosition } from '../shared/query-params';
import { ReadYourWritesQuery } from '../shared/query.dto';
import { ReadYourWrites } from '../../http/read-your-writes';

@ApiTags('subscriptions')
@Controller('v1/customers/:customerId/subscriptions')
export class CustomerSubscriptionsController {
  constructor(private readonly readModels: ReadModels) {}

  @Get()
  @Answers(200, "The customer's subscriptions the caller may see", {
    items: [
      {
        subscriptionId: 's-1',
        offerId: 'exchange-online-plan-1',
        service: 'exchange',
        licenseCount: 25,
        partnerId: 'p-fabrikam',
        partnerOfRecordId: orNull('p-contoso-resell'),
        supportContactId: 'p-fabrikam',
        addedAt: '2026-03-01T10:00:00.000Z',
        updatedAt: '2026-03-02T10:00:00.000Z',
      },
    ],
  })
  @Refuses('CUSTOMER.NOT_FOUND')
  @ReadYourWrites('view')
  @ApiOperation({ summary: 'Subscriptions of a customer with license count, partner of record and support contact' })
  async listCustomerSubscriptions(
    @CurrentPrincipal() principal: PartnerPrincipal,
    @IdParam('customerId') customerId: string,
    @Query() query: ReadYourWritesQuery,
    @Headers() headers: Record<string, unknown>,
  ): Promise<{ items: CustomerSubscription[] }> {
    await this.readModels.awaitPosition(['customer-account'], minPosition(headers, { minPosition: query.minPosition }));
    const items = await queryCustomerSubscriptions(this.readModels.db, this.readModels.tables, principal.partnerId, customerId);
    if (!items) throw new DomainError('CUSTOMER.NOT_FOUND', undefined, 'customerId');
    const associatedBy = await queryAssociatingProviders(this.readModels.db, this.readModels.tables, principal.partnerId, customerId);
    return { items: visibleSubscriptions(items, principal, associatedBy) };
  }
}

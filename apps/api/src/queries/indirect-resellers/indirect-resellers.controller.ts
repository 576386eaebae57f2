import { Controller, Get, Headers, Query } from '@nestjs/common';
import { Answers } from '../../openapi/answers.decorator';
import { partnershipViewSample } from '../../openapi/samples';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { IndirectReseller, queryIndirectResellers } from '@app/read-models';
import { CurrentPrincipal } from '../../auth/auth.decorators';
import type { PartnerPrincipal } from '../../auth/principal';
import { ReadModels } from '../shared/read-models.service';
import { minPosition } from '../shared/query-params';
import { ReadYourWritesQuery } from '../shared/query.dto';
import { ReadYourWrites } from '../../http/read-your-writes';

@ApiTags('partnerships')
@Controller('v1/indirect-resellers')
export class IndirectResellersController {
  constructor(private readonly readModels: ReadModels) {}

  @Get()
  @Answers(200, "The provider's resellers", {
    items: [{ resellerId: 'p-contoso-resell', ...partnershipViewSample, sharedCustomers: 3, subscriptions: 5 }],
  })
  @ReadYourWrites('view')
  @ApiOperation({ summary: "The provider's indirect resellers with partnership status and counts of shared customers and subscriptions" })
  async listIndirectResellers(
    @CurrentPrincipal() principal: PartnerPrincipal,
    @Query() query: ReadYourWritesQuery,
    @Headers() headers: Record<string, unknown>,
  ): Promise<{ items: IndirectReseller[] }> {
    await this.readModels.awaitPosition(
      ['partnerships', 'customer-list', 'customer-account'],
      minPosition(headers, { minPosition: query.minPosition }),
    );
    return { items: await queryIndirectResellers(this.readModels.db, this.readModels.tables, principal.partnerId) };
  }
}

import { Controller, Get, Headers, Query } from '@nestjs/common';
import { Answers } from '../../openapi/answers.decorator';
import { partnershipViewSample } from '../../openapi/samples';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { IndirectProvider, queryIndirectProviders } from '@app/read-models';
import { CurrentPrincipal } from '../../auth/auth.decorators';
import type { PartnerPrincipal } from '../../auth/principal';
import { ReadModels } from '../shared/read-models.service';
import { minPosition } from '../shared/query-params';
import { ReadYourWritesQuery } from '../shared/query.dto';
import { ReadYourWrites } from '../../http/read-your-writes';

@ApiTags('partnerships')
@Controller('v1/indirect-providers')
export class IndirectProvidersController {
  constructor(private readonly readModels: ReadModels) {}

  @Get()
  @Answers(200, "The reseller's providers", { items: [{ providerId: 'p-fabrikam', ...partnershipViewSample }] })
  @ReadYourWrites('view')
  @ApiOperation({ summary: "The reseller's indirect providers with partnership status" })
  async listIndirectProviders(
    @CurrentPrincipal() principal: PartnerPrincipal,
    @Query() query: ReadYourWritesQuery,
    @Headers() headers: Record<string, unknown>,
  ): Promise<{ items: IndirectProvider[] }> {
    await this.readModels.awaitPosition(['partnerships'], minPosition(headers, { minPosition: query.minPosition }));
    return { items: await queryIndirectProviders(this.readModels.db, this.readModels.tables, principal.partnerId) };
  }
}

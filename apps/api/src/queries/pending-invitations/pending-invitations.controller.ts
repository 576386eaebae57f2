import { Controller, Get, Headers, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PendingInvitation, queryPendingInvitations } from '@app/read-models';
import { CurrentPrincipal } from '../../auth/auth.decorators';
import type { PartnerPrincipal } from '../../auth/principal';
import { ReadModels } from '../shared/read-models.service';
import { minPosition, onlyParams } from '../shared/query-params';

@ApiTags('invitations')
@ApiBearerAuth()
@Controller('v1/invitations')
export class PendingInvitationsController {
  constructor(private readonly readModels: ReadModels) {}

  @Get()
  @ApiOperation({ summary: "The caller's pending invitations (sent by it, or combined invitations naming it as provider)" })
  async list(
    @CurrentPrincipal() principal: PartnerPrincipal,
    @Query() query: Record<string, unknown>,
    @Headers() headers: Record<string, unknown>,
  ): Promise<{ items: PendingInvitation[] }> {
    await this.readModels.awaitPosition(['pending-invitations'], minPosition(headers, onlyParams(query, ['minPosition'])));
    return { items: await queryPendingInvitations(this.readModels.db, this.readModels.tables, principal.partnerId, new Date()) };
  }
}

import { Controller, Get, Headers, Query } from '@nestjs/common';
import { Answers, optional, orNull } from '../../openapi/answers.decorator';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Page, PendingInvitation, queryPendingInvitations } from '@app/read-models';
import { CurrentPrincipal } from '../../auth/auth.decorators';
import type { PartnerPrincipal } from '../../auth/principal';
import { ReadModels } from '../shared/read-models.service';
import { minPosition } from '../shared/query-params';
import { PageQuery, pageOf } from '../shared/query.dto';
import { ReadYourWrites } from '../../http/read-your-writes';

@ApiTags('invitations')
@Controller('v1/invitations')
export class PendingInvitationsController {
  constructor(private readonly readModels: ReadModels) {}

  @Get()
  @Answers(200, "A page of the caller's open invitations", {
    items: [
      {
        invitationId: 'i-7c2e',
        invitingPartnerId: 'p-contoso-resell',
        kind: 'reseller',
        providerId: orNull('p-fabrikam'),
        includeAdminPermissions: true,
        services: ['exchange'],
        requestedBy: 'u-contoso-admin',
        requestedAt: '2026-03-01T10:00:00.000Z',
        expiresAt: '2026-03-31T10:00:00.000Z',
      },
    ],
    nextCursor: optional('eyJrIjoiaS03YzJlIn0'),
  })
  @ReadYourWrites('view')
  @ApiOperation({
    summary: "The caller's pending invitations (sent by it, or combined invitations naming it as provider), newest first, paged by cursor",
  })
  async listPendingInvitations(
    @CurrentPrincipal() principal: PartnerPrincipal,
    @Query() query: PageQuery,
    @Headers() headers: Record<string, unknown>,
  ): Promise<Page<PendingInvitation>> {
    const page = pageOf(query);
    await this.readModels.awaitPosition(['pending-invitations'], minPosition(headers, { minPosition: query.minPosition }));
    return this.readModels.run(() =>
      queryPendingInvitations(this.readModels.db, this.readModels.tables, principal.partnerId, new Date(), page),
    );
  }
}

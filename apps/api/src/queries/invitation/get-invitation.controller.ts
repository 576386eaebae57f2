import { Controller, Get, Res } from '@nestjs/common';
import { Answers, optional } from '../../openapi/answers.decorator';
import { Refuses } from '../../openapi/refuses.decorator';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DomainError, streamName } from '@app/domain';
import { invitationDecider } from '@app/domain/invitation';
import { AggregateStore } from '@app/event-store';
import { CurrentPrincipal } from '../../auth/auth.decorators';
import type { PartnerPrincipal } from '../../auth/principal';
import { IdParam } from '../../commands/id-param';
import { etagOf } from '../../http/http-result';
import { ReadYourWrites } from '../../http/read-your-writes';

@ApiTags('invitations')
@Controller('v1/invitations')
export class GetInvitationController {
  constructor(private readonly aggregates: AggregateStore) {}

  @Get(':invitationId')
  @Answers(200, 'The invitation (never its token), with ETag', {
    status: 'open',
    invitationId: 'i-7c2e',
    partnerId: 'p-contoso-resell',
    kind: 'reseller',
    providerId: optional('p-fabrikam'),
    includeAdminPermissions: true,
    services: ['exchange'],
    expiresAt: '2026-03-31T10:00:00.000Z',
    acceptedBy: ['c-contoso'],
  })
  @Refuses('INVITATION.NOT_FOUND')
  @ReadYourWrites('stream')
  @ApiOperation({ summary: 'An invitation of the caller (inviting reseller/partner or its provider), replayed from its stream' })
  async getInvitation(
    @CurrentPrincipal() principal: PartnerPrincipal,
    @IdParam('invitationId') invitationId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const { state, revision } = await this.aggregates.read(streamName.invitation(invitationId), invitationDecider);
    if (
      revision === null ||
      state.status === 'none' ||
      (state.partnerId !== principal.partnerId && state.providerId !== principal.partnerId)
    ) {
      throw new DomainError('INVITATION.NOT_FOUND', undefined, 'invitationId');
    }
    reply.header('etag', etagOf(revision));
    const { tokenHash: _secretDigest, ...invitation } = state;
    // An open invitation past its expiry is expired for every reader, whether or not the outcome is recorded yet.
    const status = state.status === 'open' && Date.now() >= Date.parse(state.expiresAt) ? 'expired' : state.status;
    return { ...invitation, status };
  }
}

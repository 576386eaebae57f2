import { Controller, Get, Res } from '@nestjs/common';
import { Answers, optional } from '../../openapi/answers.decorator';
import { Refuses } from '../../openapi/refuses.decorator';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DomainError, streamName } from '@app/domain';
import { partnershipDecider } from '@app/domain/partnership';
import { AggregateStore } from '@app/event-store';
import { CurrentPrincipal } from '../../auth/auth.decorators';
import type { PartnerPrincipal } from '../../auth/principal';
import { IdParam } from '../../commands/id-param';
import { etagOf } from '../../http/http-result';
import { ReadYourWrites } from '../../http/read-your-writes';

@ApiTags('partnerships')
@Controller('v1')
export class GetPartnershipController {
  constructor(private readonly aggregates: AggregateStore) {}

  @Get('partnerships/:providerId/:resellerId')
  @Answers(200, 'The partnership as its stream holds it, with ETag', {
    providerId: 'p-fabrikam',
    resellerId: 'p-contoso-resell',
    status: 'active',
    associations: [{ customerId: 'c-contoso', subscriptionId: optional('s-1') }],
    declined: ['c-adatum'],
    combinedAcceptances: ['c-contoso'],
  })
  @Refuses('PARTNERSHIP.NOT_FOUND')
  @ReadYourWrites('stream')
  @ApiOperation({ summary: 'A partnership, replayed from its stream (either side may read it)' })
  async getPartnership(
    @CurrentPrincipal() principal: PartnerPrincipal,
    @IdParam('providerId') providerId: string,
    @IdParam('resellerId') resellerId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const visible = principal.partnerId === providerId || principal.partnerId === resellerId;
    const { state, revision } = visible
      ? await this.aggregates.read(streamName.partnership(providerId, resellerId), partnershipDecider)
      : { state: null, revision: null };
    if (!state || revision === null) throw new DomainError('PARTNERSHIP.NOT_FOUND', undefined, 'resellerId');
    reply.header('etag', etagOf(revision));
    return { providerId, resellerId, ...state };
  }
}

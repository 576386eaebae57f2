import { Controller, Get, Res } from '@nestjs/common';
import { Answers } from '../../openapi/answers.decorator';
import { enrolledPartnerSample } from '../../openapi/samples';
import { Refuses } from '../../openapi/refuses.decorator';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { streamName } from '@app/domain';
import { partnerDecider } from '@app/domain/partner';
import { AggregateStore } from '@app/event-store';
import { CurrentPrincipal } from '../../auth/auth.decorators';
import type { Principal } from '../../auth/principal';
import { etagOf } from '../../http/http-result';
import { ProblemException, problem } from '../../http/problem';
import { ReadYourWrites } from '../../http/read-your-writes';

@ApiTags('partner')
@Controller('v1/partner')
export class GetPartnerController {
  constructor(private readonly aggregates: AggregateStore) {}

  @Get()
  @Answers(200, "The caller's enrolment, with ETag", enrolledPartnerSample)
  @Refuses(['PARTNER.NOT_ENROLLED', 404])
  @ReadYourWrites('stream')
  @ApiOperation({ summary: "The caller's partner profile, replayed from its stream" })
  async getPartner(@CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    const partnerId = (principal as Extract<Principal, { kind: 'partner' }>).partnerId;
    const { state, revision } = await this.aggregates.read(streamName.partner(partnerId), partnerDecider);
    if (revision === null) throw new ProblemException(problem(404, 'PARTNER.NOT_ENROLLED', 'This partner is not enrolled yet.'));
    reply.header('etag', etagOf(revision));
    return state;
  }
}

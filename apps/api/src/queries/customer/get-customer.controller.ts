import { Controller, Get, Res } from '@nestjs/common';
import { Answers } from '../../openapi/answers.decorator';
import { customerSample } from '../../openapi/samples';
import { Refuses } from '../../openapi/refuses.decorator';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DomainError, streamName } from '@app/domain';
import { customerDecider } from '@app/domain/customer';
import { AggregateStore } from '@app/event-store';
import { CurrentPrincipal } from '../../auth/auth.decorators';
import type { PartnerPrincipal } from '../../auth/principal';
import { IdParam } from '../../commands/id-param';
import { etagOf } from '../../http/http-result';
import { visibleCustomer } from '../../visibility/customer-visibility';
import { ReadYourWrites } from '../../http/read-your-writes';

@ApiTags('customers')
@Controller('v1/customers')
export class GetCustomerController {
  constructor(private readonly aggregates: AggregateStore) {}

  @Get(':customerId')
  @Answers(200, 'The customer as its stream holds it (what the caller may see), with ETag', customerSample)
  @Refuses('CUSTOMER.NOT_FOUND')
  @ReadYourWrites('stream')
  @ApiOperation({ summary: 'A customer account replayed from its stream, with ETag W/"<revision>"' })
  async getCustomer(
    @CurrentPrincipal() principal: PartnerPrincipal,
    @IdParam('customerId') customerId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const { state, revision } = await this.aggregates.read(streamName.customer(customerId), customerDecider);
    const visible = revision === null ? undefined : visibleCustomer(state, principal);
    if (revision === null || !visible) throw new DomainError('CUSTOMER.NOT_FOUND', undefined, 'customerId');
    reply.header('etag', etagOf(revision));
    return visible;
  }
}

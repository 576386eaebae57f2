import { Controller, Get, Headers, Query } from '@nestjs/common';
import { Refuses } from '../../openapi/refuses.decorator';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { customerDecider, DomainError, fold, partnershipDecider, streamName, type CustomerEvent, type PartnershipEvent } from '@app/domain';
import { customerConcernsPartner } from '@app/read-models';
import { CurrentPrincipal, ForAudience } from '../../auth/auth.decorators';
import type { AuditorPrincipal } from '../../auth/principal';
import { IdParam } from '../../commands/id-param';
import { validationProblem } from '../../http/problem';
import { ReadYourWrites } from '../../http/read-your-writes';
import { ReadModels } from '../shared/read-models.service';
import { minPosition } from '../shared/query-params';
import { StateQuery } from '../audit-history/audit-query.dto';
import { customerStateView, type CustomerStateView } from './customer-state-view';
import { CustomerStateSchema, PartnershipStateSchema } from './state.schema';
import { StoredStreams } from '../shared/stored-streams';
import { readStreamAsOf, type Moment } from './stream-as-of';

function momentOf(query: StateQuery): Moment {
  if (query.at !== undefined && query.position !== undefined)
    throw validationProblem([{ field: 'position', message: 'give at or position, not both' }]);
  if (query.position !== undefined) return { position: Number(query.position) };
  if (query.at === undefined) return { now: true };
  if (Number.isNaN(Date.parse(query.at))) throw validationProblem([{ field: 'at', message: 'must be an ISO-8601 time' }]);
  return { at: query.at };
}

const description =
  "Folded from the stream's events up to the moment with the same evolve the commands use; answers with the commit position of the last " +
  'event folded. `at` counts events recorded at or before that time, `position` those at or before that commit position; neither: now.';

@ApiTags('audit')
@ForAudience('auditor')
@Controller('v1/audit')
export class AuditStateController {
  constructor(
    private readonly readModels: ReadModels,
    private readonly streams: StoredStreams,
  ) {}

  @Get('customers/:customerId/state')
  @Refuses('CUSTOMER.NOT_FOUND')
  @ReadYourWrites('view')
  @ApiOperation({
    summary:
      "A customer's relationships as of a moment: per partner status, origin and dates; admin permissions; associated resellers; subscriptions",
    description: `${description} An Auditor sees its own partner's part only, and a customer its partner never dealt with answers 404.`,
  })
  @ApiOkResponse({ type: CustomerStateSchema })
  async getCustomerState(
    @CurrentPrincipal() principal: AuditorPrincipal,
    @IdParam('customerId') customerId: string,
    @Query() query: StateQuery,
    @Headers() headers: Record<string, unknown>,
  ): Promise<{ customerId: string; position: string | null } & CustomerStateView> {
    const moment = momentOf(query);
    await this.readModels.awaitPosition(['audit-index'], minPosition(headers, { minPosition: query.minPosition }));
    const partnerId = principal.role === 'Auditor' ? principal.partnerId : undefined;
    if (partnerId !== undefined && !(await customerConcernsPartner(this.readModels.db, this.readModels.tables, customerId, partnerId))) {
      throw new DomainError('CUSTOMER.NOT_FOUND', undefined, 'customerId');
    }
    const stream = await readStreamAsOf(this.streams, streamName.customer(customerId), moment);
    if (!stream.exists) throw new DomainError('CUSTOMER.NOT_FOUND', undefined, 'customerId');
    const state = fold(customerDecider, stream.events as CustomerEvent[]);
    return { customerId, position: stream.position, ...customerStateView(state, partnerId) };
  }

  @Get('partnerships/:providerId/:resellerId/state')
  @Refuses('PARTNERSHIP.NOT_FOUND')
  @ReadYourWrites('stream')
  @ApiOperation({
    summary: 'A provider-reseller partnership as of a moment: its status and the associations the provider made',
    description: `${description} An Auditor reads only partnerships its partner is a side of.`,
  })
  @ApiOkResponse({ type: PartnershipStateSchema })
  async getPartnershipState(
    @CurrentPrincipal() principal: AuditorPrincipal,
    @IdParam('providerId') providerId: string,
    @IdParam('resellerId') resellerId: string,
    @Query() query: StateQuery,
  ) {
    const moment = momentOf(query);
    const foreign = principal.role === 'Auditor' && principal.partnerId !== providerId && principal.partnerId !== resellerId;
    const stream = foreign ? undefined : await readStreamAsOf(this.streams, streamName.partnership(providerId, resellerId), moment);
    if (!stream?.exists) throw new DomainError('PARTNERSHIP.NOT_FOUND', undefined, 'resellerId');
    const state = fold(partnershipDecider, stream.events as PartnershipEvent[]);
    return {
      providerId,
      resellerId,
      position: stream.position,
      status: state.status,
      associations: state.associations.map((key) => {
        const [customerId, subscriptionId] = key.split('/');
        return subscriptionId === undefined ? { customerId } : { customerId, subscriptionId };
      }),
    };
  }
}

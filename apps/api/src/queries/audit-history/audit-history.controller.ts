import { Controller, Get, Headers, Query } from '@nestjs/common';
import { Refuses } from '../../openapi/refuses.decorator';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@app/domain';
import { queryCustomerHistory, queryPartnerHistory, type AuditHistoryFilter, type AuditIndexPage } from '@app/read-models';
import { CurrentPrincipal, ForAudience } from '../../auth/auth.decorators';
import type { AuditorPrincipal } from '../../auth/principal';
import { IdParam } from '../../commands/id-param';
import { validationProblem } from '../../http/problem';
import { ReadYourWrites } from '../../http/read-your-writes';
import { ReadModels } from '../shared/read-models.service';
import { minPosition } from '../shared/query-params';
import { CustomerHistoryQuery, PartnerHistoryQuery } from './audit-query.dto';
import { historyEntry, type HistoryEntry } from './history-entry';
import { HistoryPageSchema } from './history.schema';
import { StoredStreams } from '../shared/stored-streams';
import { storedEventsOf } from './stored-events';

/** An ISO-8601 time as the store records times (UTC, milliseconds), so it compares as text with them. */
function storeTime(value: string | undefined, field: string): string | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw validationProblem([{ field, message: 'must be an ISO-8601 time' }]);
  return new Date(time).toISOString();
}

function filterOf(query: PartnerHistoryQuery): AuditHistoryFilter {
  return {
    types: query.type,
    from: storeTime(query.from, 'from'),
    to: storeTime(query.to, 'to'),
    cursor: query.cursor,
    limit: query.limit === undefined ? undefined : Number(query.limit),
  };
}

@ApiTags('audit')
@ForAudience('auditor')
@Controller('v1/audit')
export class AuditHistoryController {
  constructor(
    private readonly readModels: ReadModels,
    private readonly streams: StoredStreams,
  ) {}

  @Get('customers/:customerId/history')
  @Refuses('CUSTOMER.NOT_FOUND')
  @ReadYourWrites('view')
  @ApiOperation({
    summary: "A customer's history across every stream that touched its relationships, in log order, paged by cursor",
    description:
      'PlatformAuditor: every event about the customer (or those concerning `partner`). Auditor: only the events concerning its own ' +
      'partner; a customer that partner never dealt with answers 404 like an unknown one.',
  })
  @ApiOkResponse({ type: HistoryPageSchema })
  async getCustomerHistory(
    @CurrentPrincipal() principal: AuditorPrincipal,
    @IdParam('customerId') customerId: string,
    @Query() query: CustomerHistoryQuery,
    @Headers() headers: Record<string, unknown>,
  ): Promise<{ items: HistoryEntry[]; nextCursor?: string }> {
    const filter = filterOf(query);
    await this.readModels.awaitPosition(['audit-index'], minPosition(headers, { minPosition: query.minPosition }));
    // An Auditor sees its own partner's slice only; naming another partner finds nothing, as an unknown id does.
    const partnerId = principal.role === 'Auditor' ? principal.partnerId : query.partner;
    const foreign = principal.role === 'Auditor' && query.partner !== undefined && query.partner !== principal.partnerId;
    const page = foreign
      ? undefined
      : await this.readModels.run(() => queryCustomerHistory(this.readModels.db, this.readModels.tables, customerId, partnerId, filter));
    if (!page) throw new DomainError('CUSTOMER.NOT_FOUND', undefined, 'customerId');
    return this.withEvents(page);
  }

  @Get('partners/:partnerId/history')
  @Refuses('NOT_FOUND')
  @ReadYourWrites('view')
  @ApiOperation({
    summary: "A partner's relationship and partnership changes over a period, in log order, paged by cursor",
    description: "An Auditor reads its own partner's history only; another partner's id answers 404 like an unknown one.",
  })
  @ApiOkResponse({ type: HistoryPageSchema })
  async getPartnerHistory(
    @CurrentPrincipal() principal: AuditorPrincipal,
    @IdParam('partnerId') partnerId: string,
    @Query() query: PartnerHistoryQuery,
    @Headers() headers: Record<string, unknown>,
  ): Promise<{ items: HistoryEntry[]; nextCursor?: string }> {
    const filter = filterOf(query);
    await this.readModels.awaitPosition(['audit-index'], minPosition(headers, { minPosition: query.minPosition }));
    const foreign = principal.role === 'Auditor' && principal.partnerId !== partnerId;
    const page = foreign
      ? undefined
      : await this.readModels.run(() => queryPartnerHistory(this.readModels.db, this.readModels.tables, partnerId, filter));
    if (!page) throw new DomainError('NOT_FOUND', 'No such partner.', 'partnerId');
    return this.withEvents(page);
  }

  private async withEvents(page: AuditIndexPage): Promise<{ items: HistoryEntry[]; nextCursor?: string }> {
    const stored = await storedEventsOf(this.streams, page.entries);
    const items = page.entries.map((entry, i) => historyEntry(entry, stored[i]));
    return page.nextCursor === undefined ? { items } : { items, nextCursor: page.nextCursor };
  }
}

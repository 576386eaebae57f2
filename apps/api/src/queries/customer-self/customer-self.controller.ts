import { Controller, Get, Res } from '@nestjs/common';
import { Answers } from '../../openapi/answers.decorator';
import { customerPartnerSample, customerSample } from '../../openapi/samples';
import { Refuses } from '../../openapi/refuses.decorator';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DomainError, streamName, type Service } from '@app/domain';
import { customerDecider, type ExistingCustomer } from '@app/domain/customer';
import { partnerDecider } from '@app/domain/partner';
import { AggregateStore } from '@app/event-store';
import { CurrentPrincipal, ForAudience } from '../../auth/auth.decorators';
import type { CustomerPrincipal } from '../../auth/principal';
import { etagOf } from '../../http/http-result';
import { visibleCustomer } from '../../visibility/customer-visibility';
import { ReadYourWrites } from '../../http/read-your-writes';

export interface CustomerPartnerView {
  partnerId: string;
  name: string | null;
  kind: string | null;
  relationship: 'active' | 'removed' | 'none';
  origin: string | null;
  establishedAt: string | null;
  removedAt: string | null;
  /** For a reseller the customer knows through a provider's association. */
  associatedBy: string | null;
  adminServices: Service[];
}

/**
 * The customer's own users read their account, its partners and who holds admin permissions for which
 * service (to decide what to remove or reassign), always for the customer named in their token.
 */
@ApiTags('customer')
@ForAudience('customer')
@Controller('v1/customer')
export class CustomerSelfController {
  constructor(private readonly aggregates: AggregateStore) {}

  @Get()
  @Answers(200, "The caller's own account, with ETag", customerSample)
  @Refuses('CUSTOMER.NOT_FOUND')
  @ReadYourWrites('stream')
  @ApiOperation({ summary: 'The caller\'s own customer account, replayed from its stream, with ETag W/"<revision>"' })
  async getOwnAccount(@CurrentPrincipal() principal: CustomerPrincipal, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    const { state, revision } = await this.own(principal);
    reply.header('etag', etagOf(revision));
    return visibleCustomer(state, principal);
  }

  @Get('partners')
  @Refuses('CUSTOMER.NOT_FOUND')
  @Answers(200, "The caller's partners", { items: [customerPartnerSample] })
  @ReadYourWrites('stream')
  @ApiOperation({ summary: "The caller's partners: reseller relationships, associated resellers, admin permissions held" })
  async listOwnPartners(@CurrentPrincipal() principal: CustomerPrincipal): Promise<{ items: CustomerPartnerView[] }> {
    const { state } = await this.own(principal);
    const ids = new Set([...Object.keys(state.relationships), ...state.associations.map((a) => a.resellerId)]);
    const items = await Promise.all(
      [...ids].sort().map(async (partnerId): Promise<CustomerPartnerView> => {
        const relationship = Object.hasOwn(state.relationships, partnerId) ? state.relationships[partnerId] : undefined;
        const partner = (await this.aggregates.load(streamName.partner(partnerId), partnerDecider)).state;
        return {
          partnerId,
          name: partner.status === 'enrolled' ? partner.name : null,
          kind: partner.status === 'enrolled' ? partner.kind : null,
          relationship: relationship ? (relationship.active ? 'active' : 'removed') : 'none',
          origin: relationship?.origin ?? null,
          establishedAt: relationship?.establishedAt ?? null,
          removedAt: relationship?.removedAt ?? null,
          associatedBy: state.associations.find((a) => a.resellerId === partnerId)?.providerId ?? null,
          adminServices: servicesHeldBy(state, partnerId),
        };
      }),
    );
    return { items };
  }

  @Get('admin-permissions')
  @Refuses('CUSTOMER.NOT_FOUND')
  @Answers(200, 'Admin permission holders by service', { items: [{ service: 'exchange', partnerId: 'p-fabrikam' }] })
  @ReadYourWrites('stream')
  @ApiOperation({ summary: 'Which partner holds delegated admin permissions for each service of the caller' })
  async listOwnAdminPermissions(
    @CurrentPrincipal() principal: CustomerPrincipal,
  ): Promise<{ items: { service: Service; partnerId: string }[] }> {
    const { state } = await this.own(principal);
    const items = (Object.entries(state.adminHolders) as [Service, string][])
      .map(([service, partnerId]) => ({ service, partnerId }))
      .sort((a, b) => a.service.localeCompare(b.service));
    return { items };
  }

  private async own(principal: CustomerPrincipal): Promise<{ state: ExistingCustomer; revision: bigint }> {
    const { state, revision } = await this.aggregates.read(streamName.customer(principal.customerId), customerDecider);
    if (revision === null || state.status !== 'exists') throw new DomainError('CUSTOMER.NOT_FOUND', undefined, 'customerId');
    return { state, revision };
  }
}

function servicesHeldBy(state: ExistingCustomer, partnerId: string): Service[] {
  return (Object.entries(state.adminHolders) as [Service, string][])
    .filter(([, holder]) => holder === partnerId)
    .map(([service]) => service)
    .sort();
}

import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ReadYourWritesQuery } from '../shared/query.dto';
import { Answers, mapOf, optional } from '../../openapi/answers.decorator';
import { subscriptionSample } from '../../openapi/samples';
import { Refuses } from '../../openapi/refuses.decorator';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal } from '../../auth/auth.decorators';
import type { PartnerPrincipal } from '../../auth/principal';
import { IdParam } from '../../commands/id-param';
import { sendAccount } from './account-response';
import { CustomerAccounts } from './customer-accounts.service';
import { ReadYourWrites } from '../../http/read-your-writes';

@ApiTags('customers')
@Controller('v1/customers/:customerId/account')
export class CustomerAccountController {
  constructor(private readonly accounts: CustomerAccounts) {}

  @Get()
  @Refuses('CUSTOMER.NOT_FOUND')
  @ReadYourWrites('view')
  @ApiOperation({
    summary: 'Customer account view: profile, agreement attestation, relationships, admin permissions, associated resellers, subscriptions',
  })
  @ApiHeader({
    name: 'If-None-Match',
    required: false,
    description: 'The ETag of a copy the client holds: 304 without a body while it is current.',
  })
  @Answers(200, 'The account as the caller may see it, with a strong ETag', {
    customerId: 'c-contoso',
    companyName: 'Contoso',
    primaryDomain: 'contoso.example',
    relationships: mapOf('p-fabrikam', {
      partnerId: 'p-fabrikam',
      origin: 'added',
      status: 'active',
      establishedAt: '2026-03-01T10:00:00.000Z',
      removedAt: optional('2026-04-01T10:00:00.000Z'),
    }),
    adminPermissions: mapOf('exchange', { partnerId: 'p-fabrikam', via: 'invitation', grantedAt: '2026-03-01T10:00:00.000Z' }),
    associatedResellers: [{ resellerId: 'p-contoso-resell', providerId: 'p-fabrikam', associatedAt: '2026-03-01T10:00:00.000Z' }],
    subscriptions: mapOf('s-1', subscriptionSample),
    updatedAt: '2026-03-02T10:00:00.000Z',
    address: { line1: '1 Main St', city: 'Seattle', postalCode: '98101', country: 'US' },
    primaryContact: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@contoso.example' },
    agreement: optional({
      signerName: 'Ada Lovelace',
      signerEmail: 'ada@contoso.example',
      signedAt: '2026-01-15T00:00:00.000Z',
      attestedBy: 'u-fabrikam-admin',
      attestedByPartnerId: 'p-fabrikam',
    }),
    adminUserName: optional('admin@contoso.example'),
  })
  @ApiResponse({ status: 304, description: 'Not modified (If-None-Match).' })
  async getCustomerAccount(
    @CurrentPrincipal() principal: PartnerPrincipal,
    @IdParam('customerId') customerId: string,
    @Query() query: ReadYourWritesQuery,
    @Headers() headers: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendAccount(reply, await this.accounts.answer(principal, customerId, query, headers), headers['if-none-match']);
  }
}

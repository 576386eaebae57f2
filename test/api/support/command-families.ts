// The command families the input specs send malformed and hostile requests to: each with a valid body, its
// fields and their types, and a token that may issue it.
import type { ApiHarness } from './api-harness';
import { address, contact, enrol, expectStatus, newCustomerBody, partnership, tokenOf, uid } from './fixtures';

export type FieldType = 'text' | 'id' | 'bool' | 'int' | 'object' | 'array' | 'enum';
export interface Field {
  type: FieldType;
  required: boolean;
}
export interface Family {
  name: string;
  method: string;
  /** The path with valid ids; `badId` replaces the segment given by `idSegment`. */
  path: string;
  idSegment?: number;
  ifMatch?: boolean;
  token: string;
  valid: Record<string, unknown>;
  fields: Record<string, Field>;
}

const req = (type: FieldType): Field => ({ type, required: true });
const opt = (type: FieldType): Field => ({ type, required: false });

/** Every command family, set up on `h` (partners, a customer with a subscription, an invitation). */
export async function commandFamilies(h: ApiHarness): Promise<Family[]> {
  const families: Family[] = [];
  const { provider, reseller } = await partnership(h);
  const direct = await enrol(h, 'direct');
  const added = expectStatus(
    await h.call('POST', '/v1/customers', {
      token: provider.token,
      body: newCustomerBody(undefined, { subscriptions: [{ offerId: 'azure-plan', licenseCount: 2 }] }),
    }),
    201,
  );
  const customerId = added.body.customerId;
  const subscriptionId = added.body.subscriptionIds[0];
  const invitation = expectStatus(await h.call('POST', '/v1/relationship-requests', { token: direct.token, body: {} }), 201);
  const invitationId = invitation.body.invitationId;
  const customerToken = h.customerToken(uid('cust'));
  const unenrolled = h.partnerToken(uid('fresh'));
  families.push(
    {
      name: 'enrol partner',
      method: 'POST',
      path: '/v1/partner',
      token: unenrolled,
      valid: { kind: 'direct', name: 'N', mpnId: '1234567', country: 'US' },
      fields: { kind: req('enum'), name: req('text'), mpnId: req('id'), country: req('enum') },
    },
    {
      name: 'add customer',
      method: 'POST',
      path: '/v1/customers',
      token: provider.token,
      valid: newCustomerBody(undefined, { resellerId: reseller.partnerId, subscriptions: [{ offerId: 'azure-plan', licenseCount: 1 }] }),
      fields: {
        companyName: req('text'),
        primaryDomain: req('text'),
        address: req('object'),
        primaryContact: req('object'),
        agreement: req('object'),
        resellerId: opt('id'),
        subscriptions: opt('array'),
      },
    },
    {
      name: 'update customer details',
      method: 'PATCH',
      path: `/v1/customers/${customerId}`,
      idSegment: 3,
      ifMatch: true,
      token: provider.token,
      valid: { companyName: 'New', address, primaryContact: contact },
      fields: { companyName: opt('text'), address: opt('object'), primaryContact: opt('object') },
    },
    {
      name: 'import customer',
      method: 'POST',
      path: '/v1/customers/import',
      token: direct.token,
      valid: { customerId: uid('imp'), companyName: 'I', primaryDomain: `${uid('i')}.example`, source: 'x' },
      fields: { customerId: req('id'), companyName: req('text'), primaryDomain: req('text'), source: opt('text') },
    },
    {
      name: 'remove relationship',
      method: 'POST',
      path: `/v1/customers/${customerId}/relationship/remove`,
      idSegment: 3,
      ifMatch: true,
      token: provider.token,
      valid: { reason: 'r', goodFaithConfirmed: true, noticeResponsibilityConfirmed: true },
      fields: { reason: req('text'), goodFaithConfirmed: req('bool'), noticeResponsibilityConfirmed: req('bool') },
    },
    {
      name: 'add subscription',
      method: 'POST',
      path: `/v1/customers/${customerId}/subscriptions`,
      idSegment: 3,
      ifMatch: true,
      token: provider.token,
      valid: { offerId: 'azure-plan', licenseCount: 3, partnerOfRecordId: reseller.partnerId },
      fields: { offerId: req('id'), licenseCount: req('int'), partnerOfRecordId: opt('id') },
    },
    {
      name: 'change license count',
      method: 'PATCH',
      path: `/v1/customers/${customerId}/subscriptions/${subscriptionId}`,
      idSegment: 5,
      ifMatch: true,
      token: provider.token,
      valid: { licenseCount: 4 },
      fields: { licenseCount: req('int') },
    },
    {
      name: 'designate support contact',
      method: 'PUT',
      path: `/v1/customers/${customerId}/subscriptions/${subscriptionId}/support-contact`,
      idSegment: 5,
      ifMatch: true,
      token: provider.token,
      valid: { kind: 'provider' },
      fields: { kind: req('enum') },
    },
    {
      name: 'associate reseller',
      method: 'POST',
      path: `/v1/customers/${customerId}/resellers`,
      idSegment: 3,
      token: provider.token,
      valid: { resellerId: reseller.partnerId },
      fields: { resellerId: req('id') },
    },
    {
      name: 'request relationship',
      method: 'POST',
      path: '/v1/relationship-requests',
      token: direct.token,
      valid: { includeAdminPermissions: true, services: ['teams'], expiresInDays: 10, emailDraft: 'Hi {{invitationLink}}' },
      fields: {
        includeAdminPermissions: opt('bool'),
        services: opt('array'),
        expiresInDays: opt('int'),
        emailDraft: opt('text'),
        providerId: opt('id'),
      },
    },
    {
      name: 'accept invitation',
      method: 'POST',
      path: `/v1/invitations/${invitationId}/accept`,
      idSegment: 3,
      token: customerToken,
      valid: { token: tokenOf(invitation.body.link), newCustomer: { companyName: 'C', primaryDomain: `${uid('n')}.example` } },
      fields: { token: req('id'), newCustomer: opt('object') },
    },
    {
      name: 'revoke invitation',
      method: 'POST',
      path: `/v1/invitations/${invitationId}/revoke`,
      idSegment: 3,
      ifMatch: true,
      token: direct.token,
      valid: { reason: 'r' },
      fields: { reason: opt('text') },
    },
    {
      name: 'admin permissions (customer)',
      method: 'POST',
      path: '/v1/customer/admin-permissions/teams/reassign',
      ifMatch: true,
      token: customerToken,
      valid: { toPartnerId: direct.partnerId },
      fields: { toPartnerId: req('id') },
    },
    {
      name: 'request partnership',
      method: 'POST',
      path: '/v1/indirect-resellers',
      token: provider.token,
      valid: { resellerId: uid('r') },
      fields: { resellerId: req('id') },
    },
  );
  return families;
}

import { startApiHarness, type ApiHarness } from './support/api-harness';
import { apiSpec, expectNothingAppended, expectProblem, stream } from './support/api-spec';
import { uid } from './support/fixtures';
import { customerAddedBy, enrolledPartner, subscriptionAdded } from './support/given';

/** A caller who may not issue a command is refused before its body is validated: validation errors tell it nothing. */
describe('permission before validation', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(async () => {
    await api?.close();
  });

  const history = (partnerId: string, customerId: string) => [
    enrolledPartner(partnerId),
    stream(`customer-${customerId}`, ...customerAddedBy(customerId, partnerId), subscriptionAdded(customerId, 's1', partnerId)),
  ];

  it.each([
    ['change a licence count', 'PATCH', (c: string) => `/v1/customers/${c}/subscriptions/s1`, { licenseCount: 0 }],
    [
      'designate a support contact (allowed)',
      'PUT',
      (c: string) => `/v1/customers/${c}/subscriptions/s1/support-contact`,
      { kind: 'nobody' },
    ],
    ["update a customer's details", 'PATCH', (c: string) => `/v1/customers/${c}`, { companyName: 42 }],
    ['add a customer', 'POST', () => '/v1/customers', { companyName: 42 }],
  ])('a Helpdesk agent with an invalid body: %s', async (_what, method, path, body) => {
    const [partnerId, customerId] = [uid('p'), uid('c')];
    const helpdesk = api.partnerToken(partnerId, 'HelpdeskAgent');
    const allowed = path(customerId).endsWith('support-contact');
    await apiSpec(api)
      .given(...history(partnerId, customerId))
      .when({ method, path: path(customerId), token: helpdesk, body })
      // Helpdesk agents may designate support contacts: there the body is validated.
      .then(allowed ? expectProblem(400, 'VALIDATION') : expectProblem(403, 'ROLE.FORBIDDEN'), expectNothingAppended);
  });

  it('a partner of a kind that may not issue the command gets 403 before validation', async () => {
    const resellerId = uid('r');
    await apiSpec(api)
      .given(enrolledPartner(resellerId, 'indirect-reseller'))
      .when({ method: 'POST', path: '/v1/customers', token: api.partnerToken(resellerId), body: { companyName: 42 } })
      .then(expectProblem(403, 'PARTNER.KIND_NOT_ALLOWED'), expectNothingAppended);
  });

  it('a caller who may issue it still gets the validation error naming the field', async () => {
    const [partnerId, customerId] = [uid('p'), uid('c')];
    await apiSpec(api)
      .given(...history(partnerId, customerId))
      .when({
        method: 'PATCH',
        path: `/v1/customers/${customerId}/subscriptions/s1`,
        token: api.partnerToken(partnerId),
        body: { licenseCount: 0 },
      })
      .then(expectProblem(400, 'VALIDATION', 'licenseCount'), expectNothingAppended);
  });
});

import { startApiHarness, type ApiHarness } from './support/api-harness';
import { apiSpec, expectAppended, expectNothingAppended, expectProblem, expectResponse, stream } from './support/api-spec';
import { uid } from './support/fixtures';
import { adminGranted, customerAddedBy, enrolledPartner, invitedPartner, relationshipRemoved } from './support/given';

const removal = { reason: 'contract ended', goodFaithConfirmed: true, noticeResponsibilityConfirmed: true };

describe('relationships and admin permissions, given/when/then', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(async () => {
    await api?.close();
  });

  describe('a partner removes its relationship', () => {
    it('appends RelationshipRemoved with the reason, both confirmations and who removed it; admin permissions stay', async () => {
      const [partnerId, customerId] = [uid('p'), uid('c')];
      await apiSpec(api)
        .given(
          enrolledPartner(partnerId),
          stream(`customer-${customerId}`, ...customerAddedBy(customerId, partnerId), adminGranted(customerId, partnerId, 'teams')),
        )
        .when({
          method: 'POST',
          path: `/v1/customers/${customerId}/relationship/remove`,
          token: api.partnerToken(partnerId, 'GlobalAdmin', 'alice'),
          body: removal,
        })
        .then(
          expectResponse(200),
          expectAppended(`customer-${customerId}`, {
            type: 'RelationshipRemoved',
            data: { customerId, partnerId, ...removal, removedBy: 'alice' },
          }),
        );
    });

    it.each(['goodFaithConfirmed', 'noticeResponsibilityConfirmed'])(
      'without %s it is refused naming the confirmation, and nothing is appended',
      async (field) => {
        const [partnerId, customerId] = [uid('p'), uid('c')];
        await apiSpec(api)
          .given(enrolledPartner(partnerId), stream(`customer-${customerId}`, ...customerAddedBy(customerId, partnerId)))
          .when({
            method: 'POST',
            path: `/v1/customers/${customerId}/relationship/remove`,
            token: api.partnerToken(partnerId),
            body: { ...removal, [field]: false },
          })
          .then((response) => {
            expect(response.status).toBe(400);
            expect(response.text).toContain(field);
          }, expectNothingAppended);
      },
    );

    it('a relationship already removed cannot be removed again', async () => {
      const [partnerId, customerId] = [uid('p'), uid('c')];
      await apiSpec(api)
        .given(
          enrolledPartner(partnerId),
          stream(`customer-${customerId}`, ...customerAddedBy(customerId, partnerId), relationshipRemoved(customerId, partnerId)),
        )
        .when({
          method: 'POST',
          path: `/v1/customers/${customerId}/relationship/remove`,
          token: api.partnerToken(partnerId),
          body: removal,
        })
        .then(expectProblem(409, 'RELATIONSHIP.NOT_ACTIVE'), expectNothingAppended);
    });
  });

  describe("the customer's Global admin manages admin permissions", () => {
    it('removing a holder appends AdminPermissionsRemoved by the customer user', async () => {
      const [partnerId, customerId] = [uid('p'), uid('c')];
      await apiSpec(api)
        .given(
          enrolledPartner(partnerId),
          stream(`customer-${customerId}`, ...customerAddedBy(customerId, partnerId), adminGranted(customerId, partnerId, 'teams')),
        )
        .when({
          method: 'POST',
          path: '/v1/customer/admin-permissions/teams/remove',
          token: api.customerToken(customerId, 'GlobalAdmin', 'cust-admin'),
          body: { partnerId },
        })
        .then(
          expectResponse(200, { customerId, service: 'teams', adminHolder: null }),
          expectAppended(`customer-${customerId}`, {
            type: 'AdminPermissionsRemoved',
            data: { partnerId, service: 'teams', removedBy: 'cust-admin', via: 'removal' },
          }),
        );
    });

    it('reassigning moves them in one decision: removed from the holder, granted to the other partner', async () => {
      const [first, second, customerId] = [uid('p'), uid('p'), uid('c')];
      await apiSpec(api)
        .given(
          enrolledPartner(first),
          enrolledPartner(second),
          stream(
            `customer-${customerId}`,
            ...customerAddedBy(customerId, first),
            invitedPartner(customerId, second),
            adminGranted(customerId, first, 'exchange'),
          ),
        )
        .when({
          method: 'POST',
          path: '/v1/customer/admin-permissions/exchange/reassign',
          token: api.customerToken(customerId),
          body: { toPartnerId: second },
        })
        .then(
          expectResponse(200, { adminHolder: second }),
          expectAppended(
            `customer-${customerId}`,
            { type: 'AdminPermissionsRemoved', data: { partnerId: first, service: 'exchange', via: 'reassignment' } },
            { type: 'AdminPermissionsGranted', data: { partnerId: second, service: 'exchange', via: 'reassignment' } },
          ),
        );
    });

    it('reassigning to a partner without an active relationship is refused naming toPartnerId', async () => {
      const [first, stranger, customerId] = [uid('p'), uid('p'), uid('c')];
      await apiSpec(api)
        .given(
          enrolledPartner(first),
          enrolledPartner(stranger),
          stream(`customer-${customerId}`, ...customerAddedBy(customerId, first), adminGranted(customerId, first, 'exchange')),
        )
        .when({
          method: 'POST',
          path: '/v1/customer/admin-permissions/exchange/reassign',
          token: api.customerToken(customerId),
          body: { toPartnerId: stranger },
        })
        .then(expectProblem(409, 'RELATIONSHIP.NOT_ACTIVE', 'toPartnerId'), expectNothingAppended);
    });

    it('a customer user who is not its Global admin is refused, and nothing is appended', async () => {
      const [partnerId, customerId] = [uid('p'), uid('c')];
      await apiSpec(api)
        .given(
          enrolledPartner(partnerId),
          stream(`customer-${customerId}`, ...customerAddedBy(customerId, partnerId), adminGranted(customerId, partnerId, 'teams')),
        )
        .when({
          method: 'POST',
          path: '/v1/customer/admin-permissions/teams/remove',
          token: api.customerToken(customerId, 'User'),
          body: { partnerId },
        })
        .then((response) => expect(response.status).toBe(403), expectNothingAppended);
    });
  });
});

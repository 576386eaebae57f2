import type { AdminPermissionsGranted, AdminPermissionsRemoved, LicenseCountChanged, PartnerOfRecordAssigned } from '@app/domain';
import { projectionSpec } from '../testing/projection-spec';
import { associated, at, customerAdded, established, removed, subscriptionAdded } from '../testing/spec-events';
import { customerAccountProjection } from './customer-account.projection';

const spec = projectionSpec(customerAccountProjection);
const access = (...partnerIds: string[]) => partnerIds.map((partnerId) => ({ partner_id: partnerId, customer_id: 'c1' }));
const granted = (partnerId: string, service: AdminPermissionsGranted['data']['service']): AdminPermissionsGranted => ({
  type: 'AdminPermissionsGranted',
  data: { customerId: 'c1', partnerId, service, via: 'invitation', grantedAt: at },
});
const revoked = (partnerId: string, service: AdminPermissionsRemoved['data']['service']): AdminPermissionsRemoved => ({
  type: 'AdminPermissionsRemoved',
  data: { customerId: 'c1', partnerId, service, removedBy: 'admin', via: 'removal', removedAt: at },
});
const partner = (partnerId: string, fields: Record<string, unknown>) => ({
  customer_id: 'c1',
  partner_id: partnerId,
  relationship: 'active',
  origin: 'added',
  established_at: at,
  removed_at: null,
  associated_by: null,
  admin_services: '[]',
  ...fields,
});

describe('customer-account projection', () => {
  describe('who may read the account', () => {
    it('the partner with an active relationship', () =>
      spec.given(customerAdded('c1', 'prov')).then({ customer_account_access: access('prov') }));

    it("a reseller the provider associated, while the provider's relationship is active", () =>
      spec
        .given(customerAdded('c1', 'prov'))
        .when(associated('c1', 'prov', 'res'))
        .then({ customer_account_access: access('prov', 'res') }));

    it('nobody through a provider whose relationship was removed, not even its associated reseller', () =>
      spec
        .given(customerAdded('c1', 'prov'), associated('c1', 'prov', 'res'))
        .when(removed('c1', 'prov'))
        .then({ customer_account_access: [] }));
  });

  describe("the customer's partners", () => {
    it('a removed relationship stays listed as removed, with its date', () =>
      spec
        .given(customerAdded('c1', 'prov'), established('c1', 'direct', 'invitation'))
        .when(removed('c1', 'direct', '2026-04-01T00:00:00.000Z'))
        .then({
          customer_partners: [
            partner('direct', { relationship: 'removed', origin: 'invitation', removed_at: '2026-04-01T00:00:00.000Z' }),
            partner('prov', {}),
          ],
        }));

    it('admin permissions are listed per partner, and a removal for another partner changes nothing', () =>
      spec
        .given(customerAdded('c1', 'prov'), granted('prov', 'teams'), granted('prov', 'exchange'))
        .when(revoked('other', 'exchange'))
        .then({ customer_partners: [partner('prov', { admin_services: '["exchange","teams"]' })] }));

    it('an associated reseller without a relationship of its own is listed as associated by its provider', () =>
      spec
        .given(customerAdded('c1', 'prov'))
        .when(associated('c1', 'prov', 'res'))
        .then({
          customer_partners: [partner('prov', {}), partner('res', { relationship: 'none', origin: 'associated', associated_by: 'prov' })],
        }));
  });

  describe('subscriptions', () => {
    const sub = (fields: Record<string, unknown>) => ({
      customer_id: 'c1',
      subscription_id: 's1',
      offer_id: 'offer-1',
      service: 'exchange',
      license_count: 10,
      partner_id: 'prov',
      partner_of_record_id: null,
      support_contact_id: 'prov',
      added_at: at,
      updated_at: at,
      ...fields,
    });
    const changed: LicenseCountChanged = {
      type: 'LicenseCountChanged',
      data: {
        customerId: 'c1',
        subscriptionId: 's1',
        partnerId: 'prov',
        previousLicenseCount: 10,
        licenseCount: 25,
        changedAt: '2026-05-01T00:00:00.000Z',
      },
    };
    const assigned: PartnerOfRecordAssigned = {
      type: 'PartnerOfRecordAssigned',
      data: { customerId: 'c1', subscriptionId: 's1', providerId: 'prov', partnerId: 'res', assignedAt: at },
    };

    it('a license count change updates the count and the time', () =>
      spec
        .given(customerAdded('c1', 'prov'), subscriptionAdded('c1', 's1', 'prov'))
        .when(changed)
        .then({ customer_subscriptions: [sub({ license_count: 25, updated_at: '2026-05-01T00:00:00.000Z' })] }));

    it('a partner of record is recorded whether assigned or associated with the subscription', () => {
      spec
        .given(customerAdded('c1', 'prov'), subscriptionAdded('c1', 's1', 'prov'))
        .when(assigned)
        .then({ customer_subscriptions: [sub({ partner_of_record_id: 'res' })] });
      spec
        .given(customerAdded('c1', 'prov'), subscriptionAdded('c1', 's1', 'prov'))
        .when(associated('c1', 'prov', 'res', 's1'))
        .then({ customer_subscriptions: [sub({ partner_of_record_id: 'res' })] });
    });

    it('a change to a subscription the view never saw added is ignored', () =>
      spec.given(customerAdded('c1', 'prov')).when(changed).then({ customer_subscriptions: [] }));
  });
});

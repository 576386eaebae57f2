import { customerAccountProjection, docsTableName } from '@app/read-models';
import { describeDb } from '../support/postgres';
import { project, projectWithReplays, recorded } from './project';

const at = (n: number) => `2026-02-0${n}T00:00:00.000Z`;
const contact = { firstName: 'Ann', lastName: 'Lee', email: 'ann@contoso.com' };
const address = { line1: '1 Main St', city: 'Oslo', postalCode: '0150', country: 'NO' };
const agreement = { signerName: 'Ann Lee', signerEmail: 'ann@contoso.com', signedAt: at(1), attestedBy: 'user-1' };

describeDb('customer-account projection', (database) => {
  test('profile, attestation, relationships, admin permissions, associations and subscriptions, with removals', async () => {
    const { db } = database();
    const events = recorded(
      {
        type: 'CustomerAdded',
        data: {
          customerId: 'c1',
          partnerId: 'prov',
          companyName: 'Contoso',
          primaryDomain: 'contoso.com',
          address,
          primaryContact: contact,
          agreement,
          adminUserName: 'admin@contoso.com',
          requestedResellerId: 'res',
          addedAt: at(1),
        },
      },
      { type: 'RelationshipEstablished', data: { customerId: 'c1', partnerId: 'prov', origin: 'added', establishedAt: at(1) } },
      { type: 'CustomerDetailsUpdated', data: { customerId: 'c1', partnerId: 'prov', companyName: 'Contoso AS', updatedAt: at(2) } },
      {
        type: 'ResellerAssociated',
        data: { providerId: 'prov', resellerId: 'res', customerId: 'c1', grantAdmin: true, associatedAt: at(2) },
      },
      { type: 'ResellerAssociationRecorded', data: { customerId: 'c1', providerId: 'prov', resellerId: 'res', recordedAt: at(2) } },
      {
        type: 'AdminPermissionsGranted',
        data: { customerId: 'c1', partnerId: 'res', service: 'exchange', via: 'reseller-association', grantedAt: at(2) },
      },
      {
        type: 'AdminPermissionsGranted',
        data: { customerId: 'c1', partnerId: 'res', service: 'teams', via: 'reseller-association', grantedAt: at(2) },
      },
      {
        type: 'AdminPermissionsRemoved',
        data: { customerId: 'c1', partnerId: 'res', service: 'teams', removedBy: 'cu', via: 'removal', removedAt: at(3) },
      },
      {
        type: 'SubscriptionAdded',
        data: {
          customerId: 'c1',
          subscriptionId: 's1',
          offerId: 'teams-essentials',
          service: 'teams',
          licenseCount: 5,
          partnerId: 'prov',
          supportContactId: 'prov',
          addedAt: at(3),
        },
      },
      {
        type: 'SubscriptionAdded',
        data: {
          customerId: 'c1',
          subscriptionId: 's2',
          offerId: 'azure-plan',
          service: 'azure',
          licenseCount: 1,
          partnerId: 'prov',
          supportContactId: 'prov',
          addedAt: at(3),
        },
      },
      {
        type: 'LicenseCountChanged',
        data: { customerId: 'c1', subscriptionId: 's1', partnerId: 'prov', previousLicenseCount: 5, licenseCount: 12, changedAt: at(4) },
      },
      {
        type: 'PartnerOfRecordAssigned',
        data: { customerId: 'c1', subscriptionId: 's1', providerId: 'prov', partnerId: 'res', assignedAt: at(4) },
      },
      {
        type: 'ResellerAssociated',
        data: { providerId: 'prov', resellerId: 'res', customerId: 'c1', subscriptionId: 's2', grantAdmin: false, associatedAt: at(4) },
      },
      {
        type: 'SupportContactDesignated',
        data: {
          customerId: 'c1',
          subscriptionId: 's1',
          supportContactId: 'res',
          contactKind: 'reseller',
          designatedBy: 'u',
          designatedAt: at(5),
        },
      },
      {
        type: 'CustomerImported',
        data: { customerId: 'c1', partnerId: 'other', companyName: 'ignored', primaryDomain: 'ignored.com', importedAt: at(5) },
      },
      {
        type: 'RelationshipRemoved',
        data: {
          customerId: 'c1',
          partnerId: 'other',
          reason: 'churn',
          goodFaithConfirmed: true,
          noticeResponsibilityConfirmed: true,
          removedBy: 'ga',
          removedAt: at(6),
        },
      },
      {
        type: 'CustomerRegistered',
        data: { customerId: 'c2', companyName: 'Fabrikam', primaryDomain: 'fabrikam.com', invitationId: 'i1', registeredAt: at(6) },
      },
      {
        type: 'RelationshipEstablished',
        data: { customerId: 'c2', partnerId: 'direct', origin: 'invitation', invitationId: 'i1', establishedAt: at(6) },
      },
    );
    const { rows, replayed, doubled } = await projectWithReplays(db, customerAccountProjection, events);
    expect(rows.customer_account_access).toEqual([
      { partner_id: 'direct', customer_id: 'c2' },
      { partner_id: 'prov', customer_id: 'c1' },
      { partner_id: 'res', customer_id: 'c1' },
    ]);
    expect(rows.customer_partners).toEqual([
      {
        customer_id: 'c1',
        partner_id: 'other',
        relationship: 'removed',
        origin: 'imported',
        established_at: at(5),
        removed_at: at(6),
        associated_by: null,
        admin_services: '[]',
      },
      {
        customer_id: 'c1',
        partner_id: 'prov',
        relationship: 'active',
        origin: 'added',
        established_at: at(1),
        removed_at: null,
        associated_by: null,
        admin_services: '[]',
      },
      {
        customer_id: 'c1',
        partner_id: 'res',
        relationship: 'none',
        origin: 'associated',
        established_at: at(2),
        removed_at: null,
        associated_by: 'prov',
        admin_services: '["exchange"]',
      },
      {
        customer_id: 'c2',
        partner_id: 'direct',
        relationship: 'active',
        origin: 'invitation',
        established_at: at(6),
        removed_at: null,
        associated_by: null,
        admin_services: '[]',
      },
    ]);
    expect(rows.customer_subscriptions).toEqual([
      {
        customer_id: 'c1',
        subscription_id: 's1',
        offer_id: 'teams-essentials',
        service: 'teams',
        license_count: 12,
        partner_id: 'prov',
        partner_of_record_id: 'res',
        support_contact_id: 'res',
        added_at: at(3),
        updated_at: at(5),
      },
      {
        customer_id: 'c1',
        subscription_id: 's2',
        offer_id: 'azure-plan',
        service: 'azure',
        license_count: 1,
        partner_id: 'prov',
        partner_of_record_id: 'res',
        support_contact_id: 'prov',
        added_at: at(3),
        updated_at: at(4),
      },
    ]);
    const generation = await project(db, customerAccountProjection, events);
    const stored = await db
      .selectFrom(docsTableName(customerAccountProjection, generation))
      .select('doc')
      .where('id', '=', 'c1')
      .executeTakeFirstOrThrow();
    const account = JSON.parse(stored.doc);
    expect(account).toMatchObject({
      companyName: 'Contoso AS',
      primaryDomain: 'contoso.com',
      address,
      primaryContact: contact,
      adminUserName: 'admin@contoso.com',
      agreement: { ...agreement, attestedByPartnerId: 'prov' },
      adminPermissions: { exchange: { partnerId: 'res', via: 'reseller-association', grantedAt: at(2) } },
      associatedResellers: [{ providerId: 'prov', resellerId: 'res', associatedAt: at(2) }],
    });
    expect(account.relationships.other).toMatchObject({ status: 'removed', removalReason: 'churn', removedBy: 'ga' });
    expect(replayed).toEqual(rows);
    expect(doubled).toEqual(rows);
  });

  test('removing a relationship leaves admin permissions; the associated reseller loses access with its provider', async () => {
    const { db } = database();
    const events = recorded(
      {
        type: 'CustomerAdded',
        data: {
          customerId: 'c7',
          partnerId: 'prov',
          companyName: 'A',
          primaryDomain: 'a.com',
          address,
          primaryContact: contact,
          agreement,
          adminUserName: 'x',
          addedAt: at(1),
        },
      },
      {
        type: 'ResellerAssociated',
        data: { providerId: 'prov', resellerId: 'res', customerId: 'c7', grantAdmin: true, associatedAt: at(1) },
      },
      {
        type: 'AdminPermissionsGranted',
        data: { customerId: 'c7', partnerId: 'prov', service: 'azure', via: 'invitation', grantedAt: at(1) },
      },
      {
        type: 'RelationshipRemoved',
        data: {
          customerId: 'c7',
          partnerId: 'prov',
          reason: 'r',
          goodFaithConfirmed: true,
          noticeResponsibilityConfirmed: true,
          removedBy: 'ga',
          removedAt: at(2),
        },
      },
    );
    const { rows, replayed, doubled } = await projectWithReplays(db, customerAccountProjection, events);
    expect(rows.customer_account_access).toEqual([]);
    expect(rows.customer_partners.find((p) => p.partner_id === 'prov')).toMatchObject({
      relationship: 'removed',
      admin_services: '["azure"]',
    });
    expect(replayed).toEqual(rows);
    expect(doubled).toEqual(rows);
  });
});

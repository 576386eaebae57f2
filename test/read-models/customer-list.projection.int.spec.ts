import { customerListProjection } from '@app/read-models';
import { describeDb } from '../support/postgres';
import { project, projectWithReplays, recorded, rowsOf } from './project';

const at = '2026-01-02T03:04:05.000Z';
const added = (customerId: string, partnerId: string, companyName: string, primaryDomain: string) => ({
  type: 'CustomerAdded',
  data: {
    customerId,
    partnerId,
    companyName,
    primaryDomain,
    address: {},
    primaryContact: {},
    agreement: {},
    adminUserName: 'admin',
    addedAt: at,
  },
});

describeDb('customer-list projection', (database) => {
  test('every handled event type: add, register, import, update, establish, associate, remove', async () => {
    const { db } = database();
    const events = recorded(
      added('c1', 'prov', 'Contoso Ltd', 'Contoso.com'),
      {
        type: 'CustomerRegistered',
        data: { customerId: 'c2', companyName: 'Fabrikam', primaryDomain: 'fabrikam.com', invitationId: 'i1', registeredAt: at },
      },
      {
        type: 'RelationshipEstablished',
        data: { customerId: 'c2', partnerId: 'direct', origin: 'invitation', invitationId: 'i1', establishedAt: at },
      },
      {
        type: 'CustomerImported',
        data: { customerId: 'c3', partnerId: 'direct', companyName: 'Northwind', primaryDomain: 'northwind.com', importedAt: at },
      },
      { type: 'CustomerDetailsUpdated', data: { customerId: 'c1', partnerId: 'prov', companyName: 'Contoso Group', updatedAt: at } },
      {
        type: 'RelationshipEstablished',
        data: { customerId: 'c1', partnerId: 'prov', origin: 'added', establishedAt: '2030-01-01T00:00:00.000Z' },
      },
      { type: 'ResellerAssociated', data: { providerId: 'prov', resellerId: 'res', customerId: 'c1', grantAdmin: true, associatedAt: at } },
      { type: 'ResellerAssociationRecorded', data: { customerId: 'c1', providerId: 'prov', resellerId: 'res', recordedAt: at } },
      {
        type: 'ResellerAssociated',
        data: { providerId: 'prov', resellerId: 'res2', customerId: 'c1', subscriptionId: 's1', grantAdmin: false, associatedAt: at },
      },
      {
        type: 'RelationshipRemoved',
        data: {
          customerId: 'c3',
          partnerId: 'direct',
          reason: 'x',
          goodFaithConfirmed: true,
          noticeResponsibilityConfirmed: true,
          removedBy: 'u',
          removedAt: at,
        },
      },
    );
    const { rows, replayed, doubled } = await projectWithReplays(db, customerListProjection, events);
    const base = (customer: string, name: string, domain: string) => ({
      customer_id: customer,
      id_norm: customer,
      company_name: name,
      name_norm: name.toLowerCase(),
      primary_domain: domain,
      domain_norm: domain.toLowerCase(),
    });
    expect(rows.customer_list).toEqual([
      { partner_id: 'direct', ...base('c2', 'Fabrikam', 'fabrikam.com'), origin: 'invitation', since: at, reseller_ids: '[]' },
      { partner_id: 'prov', ...base('c1', 'Contoso Group', 'Contoso.com'), origin: 'added', since: at, reseller_ids: '["res"]' },
      { partner_id: 'res', ...base('c1', 'Contoso Group', 'Contoso.com'), origin: 'associated', since: at, reseller_ids: '[]' },
    ]);
    expect(rows.customer_list_resellers).toEqual([
      { provider_id: 'prov', reseller_id: 'res', customer_id: 'c1', name_norm: 'contoso group', domain_norm: 'contoso.com', id_norm: 'c1' },
    ]);
    expect(replayed).toEqual(rows);
    expect(doubled).toEqual(rows);
  });

  test('removing the provider relationship removes the associated reseller rows too; re-establishing restores them', async () => {
    const { db } = database();
    const removeProv = {
      type: 'RelationshipRemoved',
      data: {
        customerId: 'c9',
        partnerId: 'prov',
        reason: 'r',
        goodFaithConfirmed: true,
        noticeResponsibilityConfirmed: true,
        removedBy: 'u',
        removedAt: at,
      },
    };
    const setup = recorded(
      added('c9', 'prov', 'Adatum', 'adatum.com'),
      { type: 'ResellerAssociated', data: { providerId: 'prov', resellerId: 'res', customerId: 'c9', grantAdmin: true, associatedAt: at } },
      removeProv,
    );
    const generation = await project(db, customerListProjection, setup);
    expect(await rowsOf(db, customerListProjection, generation)).toEqual({ customer_list: [], customer_list_resellers: [] });
    const again = recorded({
      type: 'RelationshipEstablished',
      data: { customerId: 'c9', partnerId: 'prov', origin: 'imported', establishedAt: at },
    });
    const { rows } = await projectWithReplays(db, customerListProjection, [...setup, ...again]);
    expect(rows.customer_list.map((r) => [r.partner_id, r.origin])).toEqual([
      ['prov', 'imported'],
      ['res', 'associated'],
    ]);
  });
});

import { projectionSpec } from '../testing/projection-spec';
import { associated, at, customerAdded, established, removed } from '../testing/spec-events';
import { customerListProjection } from './customer-list.projection';

const spec = projectionSpec(customerListProjection);
const row = (partnerId: string, origin: string, resellerIds: string[] = []) => ({
  partner_id: partnerId,
  customer_id: 'c1',
  id_norm: 'c1',
  company_name: 'Contoso Ltd',
  name_norm: 'contoso ltd',
  primary_domain: 'contoso.example',
  domain_norm: 'contoso.example',
  origin,
  since: at,
  reseller_ids: JSON.stringify(resellerIds),
});

describe('customer-list projection', () => {
  it('lists an added customer for the partner that added it', () =>
    spec.given(customerAdded('c1', 'prov')).then({ customer_list: [row('prov', 'added')], customer_list_resellers: [] }));

  it("keeps the first origin when the add's follow-up establishes the relationship again", () =>
    spec
      .given(customerAdded('c1', 'prov'))
      .when(established('c1', 'prov', 'invitation'))
      .then({ customer_list: [row('prov', 'added')] }));

  it('lists an associated reseller with origin "associated" and indexes it under the provider', () =>
    spec
      .given(customerAdded('c1', 'prov'))
      .when(associated('c1', 'prov', 'res'))
      .then({
        customer_list: [row('prov', 'added', ['res']), row('res', 'associated')],
        customer_list_resellers: [
          {
            provider_id: 'prov',
            reseller_id: 'res',
            customer_id: 'c1',
            name_norm: 'contoso ltd',
            domain_norm: 'contoso.example',
            id_norm: 'c1',
          },
        ],
      }));

  it('a partner-of-record association (with a subscription) does not list the reseller', () =>
    spec
      .given(customerAdded('c1', 'prov'))
      .when(associated('c1', 'prov', 'res', 'sub-1'))
      .then({ customer_list: [row('prov', 'added')], customer_list_resellers: [] }));

  it("removing the provider's relationship drops the provider's row and its resellers' rows", () =>
    spec
      .given(customerAdded('c1', 'prov'), associated('c1', 'prov', 'res'))
      .when(removed('c1', 'prov'))
      .then({ customer_list: [], customer_list_resellers: [] }));

  it('a relationship removed for another partner leaves this one listed', () =>
    spec
      .given(customerAdded('c1', 'prov'), established('c1', 'direct', 'invitation'))
      .when(removed('c1', 'direct'))
      .then({ customer_list: [row('prov', 'added')] }));
});

import { projectionSpec } from '../testing/projection-spec';
import { at } from '../testing/spec-events';
import { partnersProjection } from './partners.projection';

describe('partners projection', () => {
  it('an enrolled partner is in the directory with its profile', () =>
    projectionSpec(partnersProjection)
      .given({
        type: 'PartnerEnrolled',
        data: { partnerId: 'p1', kind: 'indirect-provider', name: 'Fabrikam', mpnId: '1234567', country: 'DE', enrolledAt: at },
      })
      .then({
        partners: [{ partner_id: 'p1', kind: 'indirect-provider', name: 'Fabrikam', mpn_id: '1234567', country: 'DE', enrolled_at: at }],
      }));
});

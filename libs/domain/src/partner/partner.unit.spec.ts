import { fold } from '../shared/decider';
import { deciderSpec } from '../testing/decider-spec';
import { at, now } from '../testing/fixtures';
import { EnrolPartner } from './commands';
import { PartnerEnrolled } from './events';
import { partnerDecider, toPartnerRef } from './index';

const spec = deciderSpec(partnerDecider, { now });

const enrol = (data: Partial<EnrolPartner['data']> = {}): EnrolPartner => ({
  type: 'EnrolPartner',
  data: { partnerId: 'p-1', kind: 'indirect-provider', name: 'Fabrikam', mpnId: '1234567', country: 'de', ...data },
});

const enrolled: PartnerEnrolled = {
  type: 'PartnerEnrolled',
  data: { partnerId: 'p-1', kind: 'indirect-provider', name: 'Fabrikam', mpnId: '1234567', country: 'DE', enrolledAt: at },
};

describe('partner decider', () => {
  it('enrols a partner with its kind, name, MPN ID and upper-cased country', () => {
    spec.given([]).when(enrol()).then([enrolled]);
  });

  it('refuses a second enrolment', () => {
    spec.given([enrolled]).when(enrol()).thenThrows('PARTNER.ALREADY_ENROLLED', 'partnerId');
  });

  it.each([
    [{ kind: 'distributor' as never }, 'kind'],
    [{ name: '' }, 'name'],
    [{ name: 'x'.repeat(201) }, 'name'],
    [{ name: 'bad\u0000name' }, 'name'],
    [{ mpnId: 'abc' }, 'mpnId'],
    [{ country: 'Germany' }, 'country'],
    [{ partnerId: 'has_underscore' }, 'partnerId'],
  ])('refuses bad input %j naming the field', (data, field) => {
    spec.given([]).when(enrol(data)).thenThrows('VALIDATION', field);
  });

  it('replays its stream into the enrolled partner the other streams see', () => {
    const state = fold(partnerDecider, [enrolled]);
    expect(state).toEqual({
      status: 'enrolled',
      partnerId: 'p-1',
      kind: 'indirect-provider',
      name: 'Fabrikam',
      mpnId: '1234567',
      country: 'DE',
    });
    expect(toPartnerRef(state)).toEqual({ partnerId: 'p-1', kind: 'indirect-provider' });
    expect(toPartnerRef(partnerDecider.initialState())).toBeUndefined();
  });
});

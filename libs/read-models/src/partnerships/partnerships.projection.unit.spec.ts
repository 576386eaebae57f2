import { projectionSpec } from '../testing/projection-spec';
import { partnershipsProjection } from './partnerships.projection';

const spec = projectionSpec(partnershipsProjection);
const requested = (requestedAt: string) => ({
  type: 'PartnershipRequested' as const,
  data: { providerId: 'prov', resellerId: 'res', requestedBy: 'u', requestedAt },
});
const accepted = (acceptedAt: string) => ({
  type: 'PartnershipAccepted' as const,
  data: { providerId: 'prov', resellerId: 'res', acceptedBy: 'u', acceptedAt },
});
const removed = (removedAt: string) => ({
  type: 'PartnershipRemoved' as const,
  data: { providerId: 'prov', resellerId: 'res', removedBy: 'u', removedAt },
});
const row = (status: string, requested_at: string | null, accepted_at: string | null, removed_at: string | null) => ({
  provider_id: 'prov',
  reseller_id: 'res',
  status,
  requested_at,
  accepted_at,
  removed_at,
});

describe('partnerships projection', () => {
  it('a request is listed as requested', () => spec.given(requested('t1')).then({ partnerships: [row('requested', 't1', null, null)] }));

  it('acceptance makes it active', () =>
    spec
      .given(requested('t1'))
      .when(accepted('t2'))
      .then({ partnerships: [row('active', 't1', 't2', null)] }));

  it('removal keeps the row, marked removed with its dates', () =>
    spec
      .given(requested('t1'), accepted('t2'))
      .when(removed('t3'))
      .then({ partnerships: [row('removed', 't1', 't2', 't3')] }));

  it('a new request after a removal starts a new partnership', () =>
    spec
      .given(requested('t1'), accepted('t2'), removed('t3'))
      .when(requested('t4'))
      .then({ partnerships: [row('requested', 't4', null, null)] }));
});

import type { AnyDomainEvent } from '@app/domain';
import { inKeyOrder, projectionSpec, recordedAt } from '../testing/projection-spec';
import { associated, customerAdded, established, removed, requested, subscriptionAdded } from '../testing/spec-events';
import { auditIndexProjection, NO_PARTNER } from './audit-index.projection';

const spec = projectionSpec(auditIndexProjection);

/** The row the n-th event of a spec gives for one partner (positions and revisions as the spec helper records them). */
const row = (index: number, type: string, partnerId: string, customerId: string | null) => {
  const commit = (index + 1) * 10;
  return {
    partner_id: partnerId,
    customer_id: customerId,
    commit_pos: commit,
    prepare_pos: commit,
    stream_id: 'spec-1',
    revision: index,
    event_type: type,
    recorded_at: recordedAt(index),
  };
};

/** The rows of the n-th event: one per partner, or the customer's one row when no partner is concerned. */
const rowsOf = (index: number, type: string, customerId: string | null, partnerIds: readonly string[]) =>
  partnerIds.length > 0
    ? partnerIds.map((partnerId) => row(index, type, partnerId, customerId))
    : [row(index, type, NO_PARTNER, customerId)];

/** Rows in the table's key order (by partner, then log position), as `then` compares them. */
const keyed = (rows: ReturnType<typeof row>[]) => inKeyOrder(auditIndexProjection.tables[0], rows);

const partnershipRequested: AnyDomainEvent = {
  type: 'PartnershipRequested',
  data: { providerId: 'prov', resellerId: 'res', requestedBy: 'u', requestedAt: '2026-03-01T10:00:00.000Z' },
};

describe('audit-index projection', () => {
  it("an event about a customer is indexed once for each partner it concerns, at its stream's revision", () =>
    spec
      .given(customerAdded('c1', 'p1'))
      .when(established('c1', 'p1'))
      .then({
        audit_index: keyed([...rowsOf(0, 'CustomerAdded', 'c1', ['p1']), ...rowsOf(1, 'RelationshipEstablished', 'c1', ['p1'])]),
      }));

  it('an event naming a provider and its reseller is indexed for both, and never for a partner it does not name', () =>
    spec.given(associated('c1', 'prov', 'res')).then({ audit_index: rowsOf(0, 'ResellerAssociated', 'c1', ['prov', 'res']) }));

  it('a removal is indexed for the partner removed only', () =>
    spec
      .given(subscriptionAdded('c1', 's1', 'p2'))
      .when(removed('c1', 'p1'))
      .then({
        audit_index: keyed([...rowsOf(0, 'SubscriptionAdded', 'c1', ['p2']), ...rowsOf(1, 'RelationshipRemoved', 'c1', ['p1'])]),
      }));

  it("a partnership event is in its partners' histories and in no customer's", () =>
    spec.given(partnershipRequested).then({ audit_index: rowsOf(0, 'PartnershipRequested', null, ['prov', 'res']) }));

  it("an invitation not yet accepted concerns its partners only; a domain claim is the customer's and no partner's", () =>
    spec
      .given(requested('i1', 'res', 'prov'))
      .when({ type: 'CustomerDomainClaimed', data: { domain: 'contoso.example', customerId: 'c1', claimedAt: '2026-03-01T10:00:00.000Z' } })
      .then({
        audit_index: keyed([...rowsOf(0, 'RelationshipRequested', null, ['prov', 'res']), ...rowsOf(1, 'CustomerDomainClaimed', 'c1', [])]),
      }));
});

import { customerConcernedBy, eventTypes, partnersConcernedBy } from '@app/domain';
import { Projection, Rows } from '../projection';

/**
 * Where one event sits in the log and in its stream; the event itself (data and metadata exactly as stored) is read
 * back from its stream at `revision`, so the index stays small and the store remains the one copy of history.
 */
export interface AuditIndexEntry {
  readonly commit: number;
  readonly prepare: number;
  readonly streamId: string;
  readonly revision: number;
  readonly type: string;
  readonly recordedAt: string;
}

/** An indexed event and whom it concerns. */
export interface AuditIndexDoc extends AuditIndexEntry {
  readonly customerId: string | null;
  readonly partnerIds: readonly string[];
}

/**
 * The `partner_id` of the one row of an event about a customer that concerns no partner (a domain claim): only a
 * platform auditor's history of the customer lists it.
 */
export const NO_PARTNER = '';

/**
 * The audit index: one row per (event, partner it concerns) by the domain's one visibility rule, or one `NO_PARTNER`
 * row for an event about a customer that concerns no partner. Each event is its own document, kept as its rows only; a
 * replayed event rewrites the same rows.
 */
export const auditIndexProjection: Projection<AuditIndexDoc> = {
  name: 'audit-index',
  // 2: a (partner, time) index bounds a period of a long partner history. 3: the key leads with the partner, so it is
  // also the partner's history in log order and no separate index keeps that order. 4: no row for every partner beside
  // each partner's (half the rows); a customer's whole history reads its own index, an event with several partners once.
  version: 4,
  handles: eventTypes,
  tables: [
    {
      name: 'audit_index',
      columns: {
        partner_id: 'text',
        customer_id: 'text',
        commit_pos: 'bigint',
        prepare_pos: 'bigint',
        stream_id: 'text',
        revision: 'bigint',
        event_type: 'text',
        recorded_at: 'text',
      },
      // A partner's history in log order (every query names a partner or a customer).
      primaryKey: ['partner_id', 'commit_pos', 'prepare_pos'],
      indexes: [
        // A customer's history for one partner in log order.
        ['customer_id', 'partner_id', 'commit_pos', 'prepare_pos'],
        // A customer's whole history in log order, where an event's rows for its partners lie side by side.
        ['customer_id', 'commit_pos', 'prepare_pos'],
        // Where a period of a partner's history starts and ends.
        ['partner_id', 'recorded_at', 'commit_pos', 'prepare_pos'],
      ],
    },
  ],
  identity: (event) => [event.id],
  documentPerEvent: true,
  evolve: (_doc, event) => {
    const customerId = customerConcernedBy(event.streamId, event.data) ?? null;
    const partnerIds = partnersConcernedBy(event.type, event.data);
    // An event about no customer and no partner (a domain claim's bookkeeping) has nobody to show it to.
    if (customerId === null && partnerIds.length === 0) return undefined;
    return {
      customerId,
      partnerIds,
      commit: event.position.commit,
      prepare: event.position.prepare,
      streamId: event.streamId,
      revision: event.revision,
      type: event.type,
      recordedAt: event.createdAt,
    };
  },
  rows: (doc): Rows => {
    const row = (partnerId: string) => ({
      partner_id: partnerId,
      customer_id: doc.customerId,
      commit_pos: doc.commit,
      prepare_pos: doc.prepare,
      stream_id: doc.streamId,
      revision: doc.revision,
      event_type: doc.type,
      recorded_at: doc.recordedAt,
    });
    // evolve keeps no event that concerns neither a customer nor a partner.
    return { audit_index: doc.partnerIds.length > 0 ? doc.partnerIds.map(row) : [row(NO_PARTNER)] };
  },
};

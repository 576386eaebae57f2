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
 * The `partner_id` of the row every customer event has besides its per-partner rows: a platform auditor's history of a
 * customer reads that slice alone, so an event concerning several partners is listed once.
 */
export const EVERY_PARTNER = '';

/**
 * The audit index: one row per (event, partner it concerns) by the domain's one visibility rule, plus one
 * `EVERY_PARTNER` row per event about a customer. Each event is its own document, kept as its rows only; a replayed
 * event rewrites the same rows.
 */
export const auditIndexProjection: Projection<AuditIndexDoc> = {
  name: 'audit-index',
  // 2: a (partner, time) index bounds a period of a long partner history. 3: the key leads with the partner, so it is
  // also the partner's history in log order and no separate index keeps that order.
  version: 3,
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
        // A customer's history, for one partner or every partner, in log order.
        ['customer_id', 'partner_id', 'commit_pos', 'prepare_pos'],
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
    return { audit_index: [...(doc.customerId === null ? [] : [row(EVERY_PARTNER)]), ...doc.partnerIds.map(row)] };
  },
};

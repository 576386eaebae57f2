import { historyEntry } from './history-entry';

const indexed = {
  commit: 4812,
  prepare: 4812,
  streamId: 'customer-c1',
  revision: 7,
  type: 'RelationshipRemoved',
  recordedAt: '2026-03-01T10:00:00.000Z',
};
const metadata = {
  schemaVersion: 1,
  actor: { kind: 'partner', partnerId: 'p1', userId: 'u1', role: 'GlobalAdmin' },
  correlationId: 'corr-1',
  causationId: 'cause-1',
  command: 'RemoveRelationship',
  chain: { prev: null, hash: 'ab' },
};

describe('history entry', () => {
  it('lifts the actor, correlation, reason and confirmations out of the stored event and keeps its data as stored', () => {
    const data = {
      customerId: 'c1',
      partnerId: 'p1',
      reason: 'contract ended',
      goodFaithConfirmed: true,
      noticeResponsibilityConfirmed: true,
      removedAt: 't',
    };
    expect(historyEntry(indexed, { data, metadata })).toEqual({
      position: '4812',
      stream: 'customer-c1',
      revision: 7,
      type: 'RelationshipRemoved',
      schemaVersion: 1,
      time: '2026-03-01T10:00:00.000Z',
      actor: metadata.actor,
      reason: 'contract ended',
      confirmations: { goodFaithConfirmed: true, noticeResponsibilityConfirmed: true },
      correlationId: 'corr-1',
      causationId: 'cause-1',
      command: 'RemoveRelationship',
      data,
    });
  });

  it('an event without reason or confirmations has neither, and metadata missing its fields gives nulls', () => {
    const entry = historyEntry({ ...indexed, type: 'LicenseCountChanged' }, { data: { licenseCount: 3 }, metadata: { schemaVersion: 1 } });
    expect(entry).not.toHaveProperty('reason');
    expect(entry).not.toHaveProperty('confirmations');
    expect([entry.actor, entry.correlationId, entry.causationId, entry.command]).toEqual([null, null, null, null]);
  });

  it('shows an older version as stored, with the version it was written with', () => {
    const data = { customerId: 'c1', subscriptionId: 's1', partnerId: 'r1', contactKind: 'reseller', designatedBy: 'u', designatedAt: 't' };
    const entry = historyEntry({ ...indexed, type: 'SupportContactDesignated' }, { data, metadata: { ...metadata, schemaVersion: 1 } });
    expect([entry.schemaVersion, entry.data]).toEqual([1, data]);
    expect(historyEntry(indexed, { data, metadata: {} }).schemaVersion).toBe(1);
  });
});

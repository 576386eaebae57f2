import { eventTypes } from './events';
import { currentSchemaVersion, domainUpcasters, EventUpcaster, upcastEvent } from './upcasters';

describe('SupportContactDesignated v1 to v2', () => {
  const v1 = {
    customerId: 'c1',
    subscriptionId: 's1',
    partnerId: 'reseller-1',
    contactKind: 'reseller',
    designatedBy: 'u1',
    designatedAt: '2026-01-01T00:00:00.000Z',
  };

  it('names the new contact supportContactId and keeps every other field', () => {
    expect(upcastEvent('SupportContactDesignated', 1, v1)).toEqual({
      customerId: 'c1',
      subscriptionId: 's1',
      supportContactId: 'reseller-1',
      contactKind: 'reseller',
      designatedBy: 'u1',
      designatedAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it('leaves version 2 data alone, and makes 2 the version the command path writes', () => {
    const { partnerId: _moved, ...rest } = v1;
    const v2 = { ...rest, supportContactId: 'reseller-1' };
    expect(upcastEvent('SupportContactDesignated', 2, v2)).toBe(v2);
    expect(currentSchemaVersion('SupportContactDesignated')).toBe(2);
    expect(currentSchemaVersion('SupportContactDesignatedX')).toBe(1);
  });
});

describe('upcasters', () => {
  it('reads every version-1 event unchanged', () => {
    const data = { invitationId: 'i1', partnerId: 'p1', revokedBy: 'u1', revokedAt: '2026-01-01T00:00:00.000Z' };
    expect(upcastEvent('InvitationRevoked', 1, data)).toBe(data);
  });

  // An example of the mechanism: suppose PartnershipRemoved once stored `why` and later `reason`,
  // and a version 3 made the reason mandatory.
  const steps: EventUpcaster[] = [
    { type: 'PartnershipRemoved', fromVersion: 1, upcast: ({ why, ...rest }) => ({ ...rest, ...(why ? { reason: why } : {}) }) },
    { type: 'PartnershipRemoved', fromVersion: 2, upcast: (data) => ({ reason: 'not recorded', ...data }) },
  ];

  it('chains the steps from the stored version to the newest shape', () => {
    expect(upcastEvent('PartnershipRemoved', 1, { providerId: 'p', why: 'merger' }, steps)).toEqual({
      providerId: 'p',
      reason: 'merger',
    });
    expect(upcastEvent('PartnershipRemoved', 1, { providerId: 'p' }, steps)).toEqual({ providerId: 'p', reason: 'not recorded' });
    expect(upcastEvent('PartnershipRemoved', 2, { providerId: 'p', reason: 'x' }, steps)).toEqual({ providerId: 'p', reason: 'x' });
  });

  it('has one step from each version of a domain event type, 1 up to the one before the current, in order', () => {
    for (const type of new Set(domainUpcasters.map((step) => step.type))) {
      expect(eventTypes).toContain(type);
      const versions = domainUpcasters.filter((step) => step.type === type).map((step) => step.fromVersion);
      expect(versions).toEqual(Array.from({ length: currentSchemaVersion(type) - 1 }, (_, i) => i + 1));
    }
  });

  it('leaves other types and already current versions alone', () => {
    expect(upcastEvent('PartnershipAccepted', 1, { why: 'x' }, steps)).toEqual({ why: 'x' });
    expect(upcastEvent('PartnershipRemoved', 3, { why: 'x' }, steps)).toEqual({ why: 'x' });
  });
});

import { domainUpcasters, EventUpcaster, upcastEvent } from './upcasters';

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

  it('has at most one step from each version of each type', () => {
    const keys = domainUpcasters.map((step) => `${step.type}@${step.fromVersion}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('leaves other types and already current versions alone', () => {
    expect(upcastEvent('PartnershipAccepted', 1, { why: 'x' }, steps)).toEqual({ why: 'x' });
    expect(upcastEvent('PartnershipRemoved', 3, { why: 'x' }, steps)).toEqual({ why: 'x' });
  });
});

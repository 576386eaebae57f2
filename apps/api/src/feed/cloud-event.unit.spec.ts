import { toCloudEvent } from './cloud-event';

const stored = (streamId: string, data: unknown, schemaVersion?: number) => ({
  id: '0b5e1f52-8d2c-4d5e-9a5a-3f7d3c6f1a10',
  streamId,
  revision: 3n,
  position: 18446744073709551615n,
  type: 'RelationshipRemoved',
  created: new Date('2026-03-01T10:00:00.000Z'),
  data,
  schemaVersion,
});

describe('the CloudEvents envelope', () => {
  it('carries the event id, a versioned type, the resource, the time and the log position without losing digits', () => {
    const data = { customerId: 'c1', partnerId: 'p1' };
    expect(toCloudEvent(stored('customer-c1', data), 'https://api.example/v1')).toEqual({
      specversion: '1.0',
      id: '0b5e1f52-8d2c-4d5e-9a5a-3f7d3c6f1a10',
      source: 'https://api.example/v1',
      type: 'com.csp-relationships.RelationshipRemoved.v1',
      subject: 'customers/c1',
      time: '2026-03-01T10:00:00.000Z',
      datacontenttype: 'application/json',
      logposition: '18446744073709551615',
      data,
    });
  });

  it('names the version the event was written with', () => {
    expect(toCloudEvent(stored('customer-c1', {}, 2), 's').type).toBe('com.csp-relationships.RelationshipRemoved.v2');
  });

  it.each([
    ['partnership-prov_res', {}, 'partnerships/prov_res'],
    ['invitation-i1', {}, 'invitations/i1'],
    ['partner-p1', {}, 'partners/p1'],
    ['customerdomain-fabrikam.example', { customerId: 'c9' }, 'customers/c9'],
  ])('gives %s the subject %s', (streamId, data, subject) => {
    expect(toCloudEvent(stored(streamId, data), 's').subject).toBe(subject);
  });

  it('leaves the subject out for a stream that names no resource', () => {
    expect(toCloudEvent(stored('$stats-1', {}), 's')).not.toHaveProperty('subject');
  });
});

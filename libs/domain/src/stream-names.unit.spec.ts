import { DomainError } from './errors';
import { parseStreamName, streamName } from './stream-names';

describe('stream names', () => {
  it('names each category {category}-{id} and parses it back', () => {
    expect(streamName.partner('p-1')).toBe('partner-p-1');
    expect(parseStreamName('partner-p-1')).toEqual({ category: 'partner', partnerId: 'p-1' });
    expect(parseStreamName(streamName.customer('8c1f6b0e-aaaa-4bbb-8ccc-123456789abc'))).toEqual({
      category: 'customer',
      customerId: '8c1f6b0e-aaaa-4bbb-8ccc-123456789abc',
    });
    expect(parseStreamName(streamName.customerDomain('contoso.example'))).toEqual({
      category: 'customerdomain',
      domain: 'contoso.example',
    });
    expect(parseStreamName(streamName.invitation('i-9'))).toEqual({ category: 'invitation', invitationId: 'i-9' });
    expect(streamName.partnership('prov-1', 'res-2')).toBe('partnership-prov-1_res-2');
    expect(parseStreamName('partnership-prov-1_res-2')).toEqual({ category: 'partnership', providerId: 'prov-1', resellerId: 'res-2' });
  });

  it('refuses ids that would make names ambiguous', () => {
    expect(() => streamName.partnership('a_b', 'c')).toThrow(DomainError);
    expect(() => streamName.customer('')).toThrow(DomainError);
    expect(() => streamName.customer('x'.repeat(65))).toThrow(DomainError);
    expect(() => streamName.invitation('-leading')).toThrow(DomainError);
  });

  it.each(['', 'nodash', '$all', 'customer-', 'unknown-1', 'partnership-a', 'partnership-a_b_c', 'partner-a_b', '-x'])(
    'does not parse %j',
    (name) => {
      expect(parseStreamName(name)).toBeUndefined();
    },
  );
});

import { DomainError } from '../errors';
import { normaliseDomain } from './domain-name';

describe('normaliseDomain', () => {
  it('lower-cases, trims and drops a trailing dot', () => {
    expect(normaliseDomain('  Contoso.EXAMPLE. ')).toBe('contoso.example');
  });

  it('maps an internationalised name and its punycode to the same claim', () => {
    expect(normaliseDomain('Bücher.example')).toBe('xn--bcher-kva.example');
    expect(normaliseDomain('xn--bcher-kva.example')).toBe('xn--bcher-kva.example');
  });

  it.each([
    '',
    ' ',
    'localhost',
    'a..b',
    '1.2.3.4',
    'exa_mple.com',
    '-lead.example',
    'trail-.example',
    'ex%41.com',
    'a b.com',
    'user@contoso.example',
    'contoso.example/path',
    `${'a'.repeat(64)}.example`,
    `${'a.'.repeat(130)}example`,
    42,
  ])('refuses %j with CUSTOMER.DOMAIN_INVALID', (value) => {
    let caught: unknown;
    try {
      normaliseDomain(value);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect((caught as DomainError).code).toBe('CUSTOMER.DOMAIN_INVALID');
    expect((caught as DomainError).field).toBe('primaryDomain');
  });
});

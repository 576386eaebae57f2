import { DomainError, errorCatalogue, isDomainError } from './errors';

describe('DomainError', () => {
  it('takes its kind and default message from the catalogue and keeps the field', () => {
    const error = new DomainError('CUSTOMER.DOMAIN_TAKEN', undefined, 'primaryDomain');
    expect(error.kind).toBe('CONFLICT');
    expect(error.message).toBe(errorCatalogue['CUSTOMER.DOMAIN_TAKEN'].description);
    expect(error.field).toBe('primaryDomain');
    expect(isDomainError(error)).toBe(true);
    expect(isDomainError(new Error('x'))).toBe(false);
  });

  it('catalogues every code with a family kind and a description', () => {
    for (const [code, entry] of Object.entries(errorCatalogue)) {
      expect(code).toMatch(/^[A-Z_]+(\.[A-Z_]+)?$/);
      expect(['VALIDATION', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN', 'RULE']).toContain(entry.kind);
      expect(entry.description.length).toBeGreaterThan(10);
    }
  });
});

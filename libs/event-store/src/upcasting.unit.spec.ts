import { createUpcaster } from './upcasting';

describe('createUpcaster', () => {
  const upcast = createUpcaster([
    { type: 'CustomerAdded', fromVersion: 1, upcast: (d) => ({ ...d, country: d.country ?? 'US' }) },
    { type: 'CustomerAdded', fromVersion: 2, upcast: ({ name, ...rest }) => ({ ...rest, companyName: name }) },
  ]);

  it('applies every step from the stored version to the current one', () => {
    expect(upcast('CustomerAdded', 1, { name: 'Contoso' })).toEqual({ country: 'US', companyName: 'Contoso' });
    expect(upcast('CustomerAdded', 2, { name: 'Contoso', country: 'DE' })).toEqual({ country: 'DE', companyName: 'Contoso' });
  });

  it('leaves current shapes and other types alone', () => {
    expect(upcast('CustomerAdded', 3, { companyName: 'X' })).toEqual({ companyName: 'X' });
    expect(upcast('Other', 1, { name: 'X' })).toEqual({ name: 'X' });
  });

  it('refuses two upcasters for the same version', () => {
    const step = { type: 'T', fromVersion: 1, upcast: (d: Record<string, unknown>) => d };
    expect(() => createUpcaster([step, step])).toThrow(/two upcasters/);
  });
});

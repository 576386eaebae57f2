import type { EventCatalogue, JsonSchema } from './catalogue';
import { catalogueIncompatibilities, incompatibilities } from './compatibility';

const v1: JsonSchema = {
  type: 'object',
  properties: {
    customerId: { type: 'string' },
    kind: { type: 'string', enum: ['provider', 'reseller'] },
    reason: { type: 'string' },
    at: { type: 'string', format: 'date-time' },
    contact: { type: 'object', properties: { email: { type: 'string' } }, required: ['email'], additionalProperties: false },
    services: { type: 'array', items: { type: 'string', enum: ['teams'] } },
  },
  required: ['customerId', 'kind', 'at', 'contact'],
  additionalProperties: false,
};
const changed = (edit: (schema: any) => void): JsonSchema => {
  const copy = structuredClone(v1) as any;
  edit(copy);
  return copy;
};

describe('schema compatibility', () => {
  it('accepts the same schema, a new optional field and edited descriptions', () => {
    expect(incompatibilities(v1, v1)).toEqual([]);
    expect(
      incompatibilities(
        v1,
        changed((s) => {
          s.properties.note = { type: 'string' };
          s.properties.reason.description = 'Why';
          s.description = 'The event';
        }),
      ),
    ).toEqual([]);
  });

  it.each([
    ['a removed field', (s: any) => delete s.properties.reason, ['reason: removed']],
    ['a retyped field', (s: any) => (s.properties.reason = { type: 'number' }), ['reason: type changed from "string" to "number"']],
    ['a changed format', (s: any) => delete s.properties.at.format, ['at: format changed from "date-time" to nothing']],
    ['a new required field', (s: any) => ((s.properties.note = { type: 'string' }), s.required.push('note')), ['note: new required field']],
    ['an optional field made required', (s: any) => s.required.push('reason'), ['reason: now required']],
    ['a required field made optional', (s: any) => s.required.shift(), ['customerId: no longer required']],
    [
      'a narrowed enum',
      (s: any) => (s.properties.kind.enum = ['provider']),
      ['kind: enum changed from ["provider","reseller"] to ["provider"]'],
    ],
    [
      'a widened enum',
      (s: any) => s.properties.kind.enum.push('direct'),
      ['kind: enum changed from ["provider","reseller"] to ["provider","reseller","direct"]'],
    ],
    ['a nested field removed', (s: any) => delete s.properties.contact.properties.email, ['contact.email: removed']],
    [
      "an array's items retyped",
      (s: any) => (s.properties.services.items = { type: 'number' }),
      ['services[]: type changed from "string" to "number"', 'services[]: enum changed from ["teams"] to nothing'],
    ],
  ])('refuses %s', (_name, edit, expected) => {
    expect(incompatibilities(v1, changed(edit))).toEqual(expected);
  });

  const catalogue = (events: EventCatalogue['events']): EventCatalogue => ({ $comment: '', events });

  it('refuses a published type or version that disappears, and names the version of a change', () => {
    const published = catalogue({
      A: { currentVersion: 2, versions: { '1': v1, '2': v1 } },
      B: { currentVersion: 1, versions: { '1': v1 } },
    });
    const candidate = catalogue({ A: { currentVersion: 2, versions: { '2': changed((s) => delete s.properties.reason) } } });
    expect(catalogueIncompatibilities(published, candidate)).toEqual([
      'A v1: removed from the catalogue',
      'A v2, reason: removed',
      'B: removed from the catalogue',
    ]);
  });

  it('accepts a new version and a new type', () => {
    const published = catalogue({ A: { currentVersion: 1, versions: { '1': v1 } } });
    const candidate = catalogue({
      A: { currentVersion: 2, versions: { '1': v1, '2': changed((s) => delete s.properties.reason) } },
      B: { currentVersion: 1, versions: { '1': v1 } },
    });
    expect(catalogueIncompatibilities(published, candidate)).toEqual([]);
  });
});

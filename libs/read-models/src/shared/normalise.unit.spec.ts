import fc from 'fast-check';
import { normalise, prefixEnd } from './normalise';

describe('normalise and prefixEnd', () => {
  test('normalise trims and lower-cases', () => {
    expect(normalise('  Contoso LTD ')).toBe('contoso ltd');
  });

  test('for any prefix p and string s: s starts with p exactly when p <= s < prefixEnd(p), in stored (UTF-8 byte) order', () => {
    const char = fc.oneof(
      fc.constantFrom('a', 'b', 'z', '-', '.', '0', '9', '\ud7ff', '\ue000', '\uffff', '\u{10ffff}', '\u{1f600}'),
      fc
        .integer({ min: 0x20, max: 0x10ffff })
        .filter((c) => c < 0xd800 || c > 0xdfff)
        .map((c) => String.fromCodePoint(c)),
    );
    const bytes = (value: string) => Buffer.from(value, 'utf8');
    const before = (a: string, b: string) => Buffer.compare(bytes(a), bytes(b)) < 0;
    const text = fc.array(char, { minLength: 0, maxLength: 6 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(
        text.filter((p) => p.length > 0 && !/^\u{10ffff}+$/u.test(p)),
        text,
        (p, tail) => {
          for (const s of [p + tail, tail, p.slice(0, -1) + tail]) {
            expect([p, s, s.startsWith(p)]).toEqual([p, s, !before(s, p) && before(s, prefixEnd(p))]);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

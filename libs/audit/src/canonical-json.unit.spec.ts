import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('writes the same text whatever order the keys came in, nested objects and arrays included', () => {
    const inOrder = { a: 1, b: { c: [1, { d: 'x', e: null }], f: true }, g: 'é' };
    const shuffled = { g: 'é', b: { f: true, c: [1, { e: null, d: 'x' }] }, a: 1 };
    expect(canonicalJson(shuffled)).toBe('{"a":1,"b":{"c":[1,{"d":"x","e":null}],"f":true},"g":"é"}');
    expect(canonicalJson(inOrder)).toBe(canonicalJson(shuffled));
  });

  it('leaves out undefined values of objects and writes those of arrays as null, in order or not', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 2] })).toBe('{"b":[null,2]}');
    expect(canonicalJson({ b: [undefined, 2], a: undefined })).toBe('{"b":[null,2]}');
  });

  it('writes an object that is not plain data by its keys, as it always did (a Date has none)', () => {
    expect(canonicalJson({ at: new Date(0) })).toBe('{"at":{}}');
  });
});

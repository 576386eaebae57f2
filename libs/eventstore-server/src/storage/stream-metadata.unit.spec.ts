import { firstVisibleRevision, isTooOld, parseStreamMetadata, recreatedMetadata, softDeleteMetadata } from './stream-metadata';

const parse = (json: string) => parseStreamMetadata(Buffer.from(json));

describe('stream metadata', () => {
  it('reads $maxCount, $maxAge and $tb and keeps the other keys', () => {
    const metadata = parse('{"$maxCount":2,"$maxAge":60,"$tb":5,"custom 🎉":[1,"ü"]}');
    expect(metadata).toMatchObject({ maxCount: 2, maxAge: 60, truncateBefore: 5, softDeleted: false });
    expect(metadata.raw['custom 🎉']).toEqual([1, 'ü']);
  });

  it('recognises the soft-delete marker although JSON rounds long.MaxValue', () => {
    const metadata = parseStreamMetadata(softDeleteMetadata());
    expect(metadata.softDeleted).toBe(true);
    expect(metadata.truncateBefore).toBeUndefined();
    expect(parse('{"$tb":9223372036854775806}').softDeleted).toBe(false);
  });

  it('treats non-object or malformed metadata as none', () => {
    for (const text of ['', 'not json', '[1,2]', 'null', '"text"']) {
      expect(parse(text)).toMatchObject({ softDeleted: false, raw: {} });
    }
    expect(parse('{"$maxCount":-1,"$maxAge":"x"}')).toMatchObject({ maxCount: undefined, maxAge: undefined });
  });

  it('hides revisions below $tb and all but the last $maxCount', () => {
    expect(firstVisibleRevision(parse('{}'), 9)).toBe(0);
    expect(firstVisibleRevision(parse('{"$maxCount":2}'), 19)).toBe(18);
    expect(firstVisibleRevision(parse('{"$tb":7,"$maxCount":5}'), 9)).toBe(7);
    expect(firstVisibleRevision(parse('{"$tb":3,"$maxCount":5}'), 9)).toBe(5);
  });

  it('hides events older than $maxAge seconds', () => {
    const metadata = parse('{"$maxAge":10}');
    expect(isTooOld(metadata, 1_000, 12_000)).toBe(true);
    expect(isTooOld(metadata, 2_000, 12_000)).toBe(false);
    expect(isTooOld(parse('{}'), 0, 1e12)).toBe(false);
  });

  it('recreation sets $tb to the next revision and keeps the previous keys', () => {
    const data = recreatedMetadata(parse('{"$maxCount":3,"owner":"x","$tb":1}'), 4);
    expect(JSON.parse(data.toString())).toEqual({ $maxCount: 3, owner: 'x', $tb: 4 });
  });
});

import { etagOf, parseIfMatch } from './etag';
import { ProblemException } from './problem';

describe('If-Match', () => {
  it('round-trips the weak ETag of a revision, strong form accepted too', () => {
    expect(parseIfMatch(etagOf(42n))).toBe(42n);
    expect(parseIfMatch('"7"')).toBe(7n);
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch('*')).toBeUndefined();
  });

  it.each(['5', 'W/5', '"abc"', 'W/"-1"', '"1", "2"', 'W/"1234567890123456789"', ''])('refuses %p naming If-Match', (header) => {
    try {
      parseIfMatch(header);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ProblemException);
      expect((error as ProblemException).problem).toMatchObject({ status: 400, field: 'If-Match' });
    }
  });
});

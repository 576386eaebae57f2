import { ProblemException } from '../http/problem';
import { feedRequestOf } from './feed-request';

function problemOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof ProblemException) return error.problem;
    throw error;
  }
  throw new Error('no problem thrown');
}

describe('feedRequestOf', () => {
  it('reads types (comma-separated or repeated), a resume position and from=start', () => {
    expect(feedRequestOf({ types: 'CustomerAdded, RelationshipRemoved' }, undefined)).toEqual({
      types: new Set(['CustomerAdded', 'RelationshipRemoved']),
    });
    expect(feedRequestOf({ types: ['CustomerAdded', 'InvitationRevoked'] }, undefined).types).toEqual(
      new Set(['CustomerAdded', 'InvitationRevoked']),
    );
    expect(feedRequestOf({}, '1234')).toEqual({ after: 1234n });
    expect(feedRequestOf({ lastEventId: '77' }, undefined)).toEqual({ after: 77n });
    expect(feedRequestOf({ from: 'start' }, undefined)).toEqual({ after: -1n });
    expect(feedRequestOf({ from: 'end' }, undefined)).toEqual({});
  });

  it('lets the Last-Event-ID header win over the URL an EventSource reconnects with', () => {
    expect(feedRequestOf({ lastEventId: '5', from: 'start' }, '90')).toEqual({ after: 90n });
  });

  it.each([
    [{ types: 'CustomerAdded,Nope' }, undefined, 'types'],
    [{ types: '' }, undefined, 'types'],
    [{ types: { a: 1 } }, undefined, 'types'],
    [{}, 'abc', 'Last-Event-ID'],
    [{}, '-1', 'Last-Event-ID'],
    [{}, '18446744073709551616', 'Last-Event-ID'],
    [{ lastEventId: '1.5' }, undefined, 'lastEventId'],
    [{ from: 'yesterday' }, undefined, 'from'],
  ])('refuses %j with Last-Event-ID %s naming %s', (query, header, field) => {
    const found = problemOf(() => feedRequestOf(query, header));
    expect(found).toMatchObject({ status: 400, code: 'VALIDATION', field });
  });
});

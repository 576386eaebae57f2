import { commandResult, httpResult, isHttpResult } from './http-result';

describe('commandResult', () => {
  it('carries the revision as a weak ETag, the log position and the location as headers, and both in the body', () => {
    const result = commandResult(201, { revision: 4n, position: 99n }, { id: 'a' }, '/things/a');
    expect(result).toEqual({
      status: 201,
      headers: { etag: 'W/"4"', 'x-log-position': '99', location: '/things/a' },
      body: { id: 'a', revision: 4, logPosition: '99' },
    });
  });

  it('leaves out the headers of what was not written (a command that changed nothing)', () => {
    expect(commandResult(200, { revision: null, position: null }, { changed: false })).toEqual({
      status: 200,
      headers: {},
      body: { changed: false, revision: null, logPosition: null },
    });
  });
});

describe('isHttpResult', () => {
  it('recognises a stored answer read back as JSON, and nothing without a status and headers', () => {
    expect(isHttpResult(JSON.parse(JSON.stringify(httpResult(200, { etag: 'W/"1"' }, { n: 1 }))))).toBe(true);
    expect(isHttpResult({ status: 'active', body: 'text' })).toBe(false);
    expect(isHttpResult({ status: 200, headers: {} })).toBe(false);
    expect(isHttpResult(null)).toBe(false);
  });
});

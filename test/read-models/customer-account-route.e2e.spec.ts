import { sign } from '../api/support/api-harness';
import { postgresUrl } from '../support/postgres';
import { apiOn, customerBody, eventually, startApiWithReadModels, uid, type ApiWithReadModels } from './support/api-with-read-models';

// GET /v1/customers/{id}/account: its own answers (ETag and If-None-Match, per-partner views, read-your-writes),
// and every refusal the same as its sibling GET /v1/customers/{id}/partners gives (guard, IdParam pipe, query
// parameters, access check, ProblemFilter): status, problem document, and every header (security, rate limit, type).

/** Headers that differ between any two responses (time, size, connection, the limiter's countdown). */
const VOLATILE = new Set([
  'date',
  'x-request-id',
  'content-length',
  'connection',
  'keep-alive',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
  'etag',
]);
const stableHeaders = (headers: Headers) => Object.fromEntries([...headers].filter(([name]) => !VOLATILE.has(name)));

for (const dialect of ['sqlite', 'postgres'] as const) {
  const run = dialect === 'postgres' && !postgresUrl ? describe.skip : describe;
  run(
    `customer account route [${dialect}]${dialect === 'postgres' && !postgresUrl ? ' (skipped: TEST_POSTGRES_URL is not set)' : ''}`,
    () => {
      const env = apiOn(dialect);
      const { ok, enrol } = env;
      const get = (path: string, token?: string, headers: Record<string, string> = {}) =>
        env.api.call('GET', path, token, undefined, headers);

      test('every refusal and the success answer as the sibling route does: status, problem document, headers', async () => {
        const owner = await enrol('direct');
        const stranger = await enrol('direct');
        const added = await ok('POST', '/v1/customers', owner.token, customerBody('Parity Corp'));
        const customerId = added.body.customerId;
        const position = added.headers.get('x-log-position')!;
        const wrongSecret = sign(
          { sub: 'x', role: 'GlobalAdmin', partner_id: owner.partnerId },
          'another-secret-0123456789abcdef0123456789abcdef',
        );
        const expired = sign({ sub: 'x', role: 'GlobalAdmin', partner_id: owner.partnerId }, undefined, -60);
        const cases: [string, string, string | undefined, Record<string, string>?][] = [
          ['no token', '', undefined],
          ['not a bearer token', '', undefined, { authorization: 'Basic abc' }],
          ['a token signed with another key', '', wrongSecret],
          ['an expired token', '', expired],
          ['a customer token', '', env.api.customerToken(customerId)],
          ['a malformed id', 'bad_id!', owner.token],
          ['an unknown parameter', '?unknown=1', owner.token],
          ['a malformed minPosition', '?minPosition=abc', owner.token],
          ['minPosition given twice', `?minPosition=${position}&minPosition=${position}`, owner.token],
          ['a malformed X-Min-Position', '', owner.token, { 'x-min-position': '-1' }],
          ["another partner's customer", '', stranger.token],
          ['a customer that does not exist', 'no-such-customer', owner.token],
          ['the owner', `?minPosition=${position}`, owner.token],
          ['the owner with X-Min-Position', '', owner.token, { 'x-min-position': position }],
        ];
        for (const [label, suffix, token, headers] of cases) {
          const id = suffix && !suffix.startsWith('?') ? suffix : customerId;
          const query = suffix.startsWith('?') ? suffix : '';
          const account = await get(`/v1/customers/${id}/account${query}`, token, headers);
          const sibling = await get(`/v1/customers/${id}/partners${query}`, token, headers);
          expect([label, account.status, stableHeaders(account.headers)]).toEqual([label, sibling.status, stableHeaders(sibling.headers)]);
          if (sibling.status >= 400) expect([label, account.body]).toEqual([label, sibling.body]);
          else expect(account.body).toMatchObject({ customerId, companyName: 'Parity Corp' });
        }
      });

      test('a view that has not reached the position answers 503 READ_MODEL_BEHIND after the bounded wait, like the sibling route', async () => {
        const owner = await enrol('direct');
        const customerId = (await ok('POST', '/v1/customers', owner.token, customerBody('Behind Corp'))).body.customerId;
        const far = '?minPosition=900719925474000';
        const [account, sibling] = await Promise.all([
          get(`/v1/customers/${customerId}/account${far}`, owner.token),
          get(`/v1/customers/${customerId}/partners${far}`, owner.token),
        ]);
        expect([account.status, account.body, stableHeaders(account.headers)]).toEqual([503, sibling.body, stableHeaders(sibling.headers)]);
        expect(account.body).toMatchObject({ code: 'READ_MODEL_BEHIND', field: 'X-Min-Position' });
      });

      test('ETag: 304 without a body while current, a new body and ETag after a change, HEAD answers the headers only', async () => {
        const owner = await enrol('direct');
        const added = await ok('POST', '/v1/customers', owner.token, customerBody('Etag Corp'));
        const customerId = added.body.customerId;
        const path = `/v1/customers/${customerId}/account`;
        const first = await get(path, owner.token, { 'x-min-position': added.headers.get('x-log-position')! });
        const etag = first.headers.get('etag')!;
        expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
        expect((await get(path, owner.token)).headers.get('etag')).toBe(etag);

        for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
          const notModified = await get(path, owner.token, { 'if-none-match': ifNoneMatch });
          expect([ifNoneMatch, notModified.status, notModified.body, notModified.headers.get('etag')]).toEqual([
            ifNoneMatch,
            304,
            undefined,
            etag,
          ]);
        }
        const head = await fetch(`${env.api.url}${path}`, { method: 'HEAD', headers: { authorization: `Bearer ${owner.token}` } });
        expect([head.status, head.headers.get('etag'), head.headers.get('content-type'), await head.text()]).toEqual([
          200,
          etag,
          'application/json; charset=utf-8',
          '',
        ]);

        const changed = await ok('PATCH', `/v1/customers/${customerId}`, owner.token, { companyName: 'Etag Corp Renamed' });
        const after = await get(path, owner.token, { 'if-none-match': etag, 'x-min-position': changed.headers.get('x-log-position')! });
        expect(after.status).toBe(200);
        expect(after.body.companyName).toBe('Etag Corp Renamed');
        expect(after.headers.get('etag')).not.toBe(etag);
        // The stranger's 404 never carries the owner's ETag.
        const stranger = await enrol('direct');
        const foreign = await get(path, stranger.token, { 'if-none-match': etag });
        expect([foreign.status, foreign.headers.get('etag')]).toEqual([404, null]);
      });

      test('each partner gets its own view of the same document: what the adder may see is not served to an associated reseller', async () => {
        const provider = await enrol('indirect-provider');
        const reseller = await enrol('indirect-reseller');
        await ok('POST', '/v1/indirect-resellers', provider.token, { resellerId: reseller.partnerId });
        await ok('POST', `/v1/indirect-providers/${provider.partnerId}/accept`, reseller.token);
        const added = await ok('POST', '/v1/customers', provider.token, customerBody('Views Corp', { resellerId: reseller.partnerId }));
        const path = `/v1/customers/${added.body.customerId}/account`;
        // The association, and the admin permissions it grants the reseller, are finished by the process manager in
        // appends after the customer's; compare the views only once both are read, or they change between reads.
        await eventually(
          () => get(path, reseller.token),
          (r) => r.status === 200 && Object.keys(r.body.adminPermissions ?? {}).length > 0,
        );
        const byProvider = await get(path, provider.token);
        const byReseller = await get(path, reseller.token);
        expect(byProvider.body.adminUserName).toBe(added.body.adminUserName);
        expect(byReseller.body).not.toHaveProperty('adminUserName');
        expect(byReseller.headers.get('etag')).not.toBe(byProvider.headers.get('etag'));
        // Again, now that both views are kept: still each its own.
        expect((await get(path, reseller.token)).body).toEqual(byReseller.body);
        expect((await get(path, provider.token)).body).toEqual(byProvider.body);
      });

      test('a verified token is served from the cache only until it expires', async () => {
        const owner = await enrol('direct');
        const added = await ok('POST', '/v1/customers', owner.token, customerBody('Expiry Corp'));
        const path = `/v1/customers/${added.body.customerId}/account`;
        const shortLived = sign({ sub: 'short', role: 'GlobalAdmin', partner_id: owner.partnerId }, undefined, 2);
        expect((await get(path, shortLived, { 'x-min-position': added.headers.get('x-log-position')! })).status).toBe(200);
        expect((await get(path, shortLived)).status).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, 3100));
        const late = await get(path, shortLived);
        expect([late.status, late.body.code]).toEqual([401, 'UNAUTHENTICATED']);
      });

      test('the route stays in the OpenAPI document, with its read-your-writes and conditional request headers', async () => {
        const document = (await env.api.call('GET', '/openapi.json')).body;
        const operation = document.paths['/v1/customers/{customerId}/account'].get;
        expect(operation.parameters.map((p: any) => `${p.in}:${p.name}`)).toEqual(
          expect.arrayContaining(['path:customerId', 'header:X-Min-Position', 'query:minPosition', 'header:If-None-Match']),
        );
        expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '304', '404']));
      });
    },
  );
}

describe('customer account route under the rate limit', () => {
  let api: ApiWithReadModels;
  beforeAll(async () => {
    const before = process.env.RATE_LIMIT_PER_MINUTE;
    process.env.RATE_LIMIT_PER_MINUTE = '3';
    try {
      api = await startApiWithReadModels();
    } finally {
      if (before === undefined) delete process.env.RATE_LIMIT_PER_MINUTE;
      else process.env.RATE_LIMIT_PER_MINUTE = before;
    }
  });
  afterAll(() => api?.close());

  test('the partner over its budget gets the same 429 as on the sibling route, security headers included', async () => {
    const answers = async (route: string) => {
      const token = api.partnerToken(uid('limited'));
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await api.call('GET', `/v1/customers/c-1/${route}`, token)).status);
      return { statuses, limited: await api.call('GET', `/v1/customers/c-1/${route}`, token) };
    };
    const account = await answers('account');
    const sibling = await answers('partners');
    expect(account.statuses).toEqual([404, 404, 404]);
    expect([account.limited.status, account.limited.body]).toEqual([429, sibling.limited.body]);
    const withoutRetryAfter = (headers: Headers) => {
      const { 'retry-after': retryAfter, ...rest } = stableHeaders(headers);
      return { ...rest, retryAfter: retryAfter !== undefined };
    };
    expect(withoutRetryAfter(account.limited.headers)).toEqual(withoutRetryAfter(sibling.limited.headers));
    expect(account.limited.headers.get('content-security-policy')).toBeTruthy();
  });
});

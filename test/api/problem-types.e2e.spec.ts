import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { COMMITTED_DOCUMENT } from '../../apps/api/src/openapi/generate';
import { problemTypes, problemTypeUri } from '../../apps/api/src/problem-types/problem-catalogue';
import { startApiHarness, type ApiHarness } from './support/api-harness';
import { expectStatus } from './support/fixtures';

describe('problem type URIs', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('answer, without a token, with a page explaining each code of the catalogue', async () => {
    expect(problemTypes.size).toBeGreaterThan(50);
    for (const type of problemTypes.values()) {
      const page = await api.call('GET', problemTypeUri(type.code));
      expect([type.code, page.status, page.headers.get('content-type')]).toEqual([type.code, 200, 'text/html; charset=utf-8']);
      expect(page.text).toContain(`<code>${type.code}</code>`);
      expect(page.text).toContain(`HTTP status: ${type.status}`);
      expect(page.text).toContain(type.description.replace(/'/g, '&#39;'));
    }
  });

  it("resolve the type of problems the API actually answers with, and the index links every code's page", async () => {
    const unauthenticated = expectStatus(await api.call('GET', '/v1/partner'), 401);
    const invalid = expectStatus(await api.call('GET', '/v1/customers?limit=0', { token: api.partnerToken('p-types') }), 400);
    const noRoute = expectStatus(await api.call('GET', '/v1/nothing-here'), 404);
    for (const problem of [unauthenticated.body, invalid.body, noRoute.body]) {
      const page = expectStatus(await api.call('GET', problem.type), 200);
      expect(page.text).toContain(`<code>${problem.code}</code>`);
    }
    const index = expectStatus(await api.call('GET', '/problems'), 200);
    for (const type of problemTypes.values()) expect(index.text).toContain(`href="${problemTypeUri(type.code)}"`);
  });

  it('are those of the committed OpenAPI document, which the running API serves as it is', async () => {
    const served = expectStatus(await api.call('GET', '/openapi.json'), 200).body;
    expect(served).toEqual(JSON.parse(readFileSync(resolve(__dirname, '../..', COMMITTED_DOCUMENT), 'utf8')));
  });

  it('answer an unknown name with a problem naming the field', async () => {
    const unknown = expectStatus(await api.call('GET', '/problems/no-such-code'), 404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect([unknown.body.code, unknown.body.field]).toEqual(['NOT_FOUND', 'slug']);
  });
});

import { startApiHarness, type ApiHarness } from './support/api-harness';
import { enrol, expectStatus, newCustomerBody } from './support/fixtures';

/** The API with its inline projector: a command's X-Log-Position makes the next list query see the write. */
describe('read your writes through the inline projector', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness({ PROJECTOR: 'inline' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('lists a customer right after adding it when the query waits for the written position', async () => {
    const direct = await enrol(h, 'direct');
    const added = expectStatus(
      await h.call('POST', '/v1/customers', { token: direct.token, body: { ...newCustomerBody(), companyName: 'Read Your Writes Inc' } }),
      201,
    );
    const position = added.headers.get('x-log-position')!;
    const list = expectStatus(await h.call('GET', '/v1/customers', { token: direct.token, headers: { 'x-min-position': position } }), 200);
    expect(JSON.stringify(list.body)).toContain(added.body.customerId);
    // Another partner's list never shows it.
    const other = await enrol(h, 'direct');
    const foreign = expectStatus(
      await h.call('GET', '/v1/customers', { token: other.token, headers: { 'x-min-position': position } }),
      200,
    );
    expect(JSON.stringify(foreign.body)).not.toContain(added.body.customerId);
  });
});

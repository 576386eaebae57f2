import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { IDEMPOTENCY_SQLITE_FILE } from '../../apps/api/src/idempotency/idempotency-store';
import { idempotencyScope } from '../../apps/api/src/idempotency/idempotency-ids';
import { idempotencySecret } from '../../apps/api/src/idempotency/idempotency-secret';
import { ResponseCipher } from '../../apps/api/src/idempotency/response-cipher';
import { startApiHarness, type ApiHarness } from './support/api-harness';
import { enrol, expectStatus, newCustomerBody, uid } from './support/fixtures';

const RETENTION_MS = 4_000;

/**
 * What a POST with an Idempotency-Key does, case by case (apps/api/src/idempotency is the one module behind it;
 * the crash and replica cases in detail: idempotency-replicas and process-recovery specs).
 */
describe('Idempotency-Key: the behaviour table', () => {
  let api: ApiHarness;
  let partner: { partnerId: string; token: string };
  beforeAll(async () => {
    api = await startApiHarness({ IDEMPOTENCY_RETENTION_MS: String(RETENTION_MS), PROCESS_MANAGER: 'off' });
    partner = await enrol(api, 'direct');
  });
  afterAll(async () => {
    await api?.close();
  });

  const add = (key: string, body: unknown, token = partner.token) =>
    api.call('POST', '/v1/customers', { token, body, headers: { 'idempotency-key': key } });
  const scope = (partnerId: string) =>
    idempotencyScope({ kind: 'partner', partnerId, userId: `globaladmin-${partnerId}`, role: 'GlobalAdmin' });
  const withDatabase = <T>(use: (db: Database.Database) => T): T => {
    const db = new Database(join(api.dataDir, IDEMPOTENCY_SQLITE_FILE));
    try {
      return use(db);
    } finally {
      db.close();
    }
  };

  it('first attempt: runs the command and answers its result', async () => {
    const first = expectStatus(await add(uid('key'), newCustomerBody()), 201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
  });

  it('repeat after success: the first answer again (the temporary password too), nothing appended', async () => {
    const key = uid('key');
    const body = newCustomerBody();
    const first = expectStatus(await add(key, body), 201);
    const head = await api.head();
    const again = expectStatus(await add(key, body), 201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await api.head()).toBe(head);
  });

  it('repeat while running: concurrent repeats run the command once and all get its answer', async () => {
    const key = uid('key');
    const body = newCustomerBody();
    const answers = await Promise.all(Array.from({ length: 5 }, () => add(key, body)));
    const ok = answers.filter((a) => a.status === 201);
    expect(new Set(ok.map((a) => a.body.customerId)).size).toBe(1);
    // A repeat that waited longer than the wait bound is told to come back, never run twice.
    for (const other of answers.filter((a) => a.status !== 201)) expect(other.body.code).toBe('IDEMPOTENCY_KEY_IN_PROGRESS');
    expect((await api.readStream(`customer-${ok[0].body.customerId}`)).map((e) => e.event!.type)).toEqual([
      'CustomerAdded',
      'RelationshipEstablished',
    ]);
  });

  it('repeat after a refusal: a refusal is not remembered, the repeat is decided again', async () => {
    const domain = `${uid('taken')}.example`;
    expectStatus(await api.call('POST', '/v1/customers', { token: partner.token, body: newCustomerBody(domain) }), 201);
    const key = uid('key');
    const refused = await add(key, newCustomerBody(domain));
    expect([refused.status, refused.body.code]).toEqual([409, 'CUSTOMER.DOMAIN_TAKEN']);
    const again = await add(key, newCustomerBody(domain));
    expect([again.status, again.headers.get('idempotent-replayed')]).toEqual([409, null]);
  });

  it('retry after a crash between the append and the record: the same answer, from the same ids, nothing appended twice', async () => {
    const key = uid('key');
    const body = newCustomerBody();
    const first = expectStatus(await add(key, body), 201);
    withDatabase((db) => db.prepare('delete from api_idempotency_records').run());
    const retried = expectStatus(await add(key, body), 201);
    expect(retried.body.customerId).toBe(first.body.customerId);
    expect((await api.readStream(`customer-${first.body.customerId}`)).map((e) => e.event!.type)).toEqual([
      'CustomerAdded',
      'RelationshipEstablished',
    ]);
  });

  it('different body with the same key: refused with 422, nothing appended', async () => {
    const key = uid('key');
    expectStatus(await add(key, newCustomerBody()), 201);
    const head = await api.head();
    const other = await add(key, newCustomerBody());
    expect([other.status, other.body.code, other.body.field]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED', 'Idempotency-Key']);
    expect(await api.head()).toBe(head);
  });

  it('the same JSON with its keys in another order is the same body', async () => {
    const key = uid('key');
    const body = newCustomerBody();
    const first = expectStatus(await add(key, body), 201);
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const again = expectStatus(await add(key, reordered), 201);
    expect([again.body.customerId, again.headers.get('idempotent-replayed')]).toEqual([first.body.customerId, 'true']);
  });

  it('another caller with the same key: its own, independent command', async () => {
    const key = uid('key');
    const body = newCustomerBody();
    const mine = expectStatus(await add(key, body), 201);
    const other = await enrol(api, 'direct');
    const theirs = expectStatus(await add(key, { ...body, primaryDomain: `${uid('other')}.example` }, other.token), 201);
    expect(theirs.body.customerId).not.toBe(mine.body.customerId);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
  });

  it('a stored record opens only with the server secret and the client key together, and its id cannot be guessed offline', async () => {
    const key = uid('key');
    const first = expectStatus(await add(key, newCustomerBody()), 201);
    const rows = withDatabase(
      (db) =>
        db.prepare('select record_id, sealed_response from api_idempotency_records').all() as {
          record_id: string;
          sealed_response: string;
        }[],
    );
    const serverCipher = new ResponseCipher(idempotencySecret(undefined, api.dataDir));
    const id = serverCipher.recordId(scope(partner.partnerId), key);
    const row = rows.find((r) => r.record_id === id)!;
    expect(row).toBeDefined();
    expect(row.sealed_response).not.toContain(first.body.temporaryPassword);
    expect(JSON.parse(serverCipher.open(scope(partner.partnerId), key, row.sealed_response)).body.temporaryPassword).toBe(
      first.body.temporaryPassword,
    );
    // Someone with the database and the key, but not the server's secret:
    const guess = createHash('sha256')
      .update(`${scope(partner.partnerId)}\0${key}`)
      .digest('hex');
    expect(rows.some((r) => r.record_id === guess)).toBe(false);
    expect(() =>
      new ResponseCipher(Buffer.from('a-guessed-server-secret-0123456789abcdef')).open(scope(partner.partnerId), key, row.sealed_response),
    ).toThrow();
  });

  it('past its retention a record is forgotten: the key runs again, for another body, with new ids', async () => {
    const key = uid('key');
    const first = expectStatus(await add(key, newCustomerBody()), 201);
    await new Promise((resolve) => setTimeout(resolve, RETENTION_MS + 500));
    const reused = expectStatus(await add(key, newCustomerBody()), 201);
    expect(reused.headers.get('idempotent-replayed')).toBeNull();
    expect(reused.body.customerId).not.toBe(first.body.customerId);
  }, 20_000);
});

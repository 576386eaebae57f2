import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { createDatabase } from '@app/sql';
import { RegistrationStore, type RegistrationRow } from '../../apps/api/src/webhooks/registrations/registration-store';
import { SecretCipher } from '../../apps/api/src/webhooks/registrations/secret-cipher';
import { migrateWebhookTables, WEBHOOK_TABLES } from '../../apps/api/src/webhooks/webhook-tables';
import { describeDb } from '../support/postgres';

const url = 'https://hooks.example/in';
const LIMIT = 25;

// Requests at once, as from two tabs or several API instances: on PostgreSQL each instance has its own pool; on
// SQLite the API has one connection per process, which the stores here share.
describeDb('webhook registrations under concurrent requests', (database) => {
  const cipher = new SecretCipher(randomBytes(32));
  let instances: Kysely<any>[];

  beforeAll(async () => {
    await migrateWebhookTables(database().db);
  });

  beforeEach(() => {
    const { dialect, config, db } = database();
    instances = dialect === 'postgres' ? Array.from({ length: 5 }, () => createDatabase(config)) : [db];
  });

  afterEach(async () => {
    const { db } = database();
    await Promise.all(instances.filter((instance) => instance !== db).map((instance) => instance.destroy()));
  });

  const stores = (count: number) => Array.from({ length: count }, (_, i) => new RegistrationStore(instances[i % instances.length], cipher));

  test(`${LIMIT + 10} registrations asked for at once: exactly ${LIMIT} are made, the rest are refused, another partner is unaffected`, async () => {
    const partnerId = `p-${randomUUID().slice(0, 8)}`;
    const other = `p-${randomUUID().slice(0, 8)}`;
    await new RegistrationStore(database().db, cipher).create(other, url, ['CustomerDetailsUpdated'], undefined, LIMIT);
    const results = await Promise.all(
      stores(LIMIT + 10).map((store) => store.create(partnerId, url, ['CustomerDetailsUpdated'], undefined, LIMIT)),
    );
    expect(results.filter((r) => r !== undefined)).toHaveLength(LIMIT);
    const store = new RegistrationStore(database().db, cipher);
    expect(await store.list(partnerId)).toHaveLength(LIMIT);
    expect(await store.list(other)).toHaveLength(1);
    expect(await store.create(partnerId, url, ['CustomerDetailsUpdated'], undefined, LIMIT)).toBeUndefined();
    expect(await store.create(other, url, ['CustomerDetailsUpdated'], undefined, LIMIT)).toBeDefined();
  });

  test('rotations at once apply one after the other: the secret kept beside the current one is another rotation’s, not the original', async () => {
    const partnerId = `p-${randomUUID().slice(0, 8)}`;
    const { db } = database();
    const created = (await new RegistrationStore(db, cipher).create(partnerId, url, ['CustomerDetailsUpdated'], undefined, LIMIT))!;
    for (let round = 0; round < 5; round++) {
      const rotations = await Promise.all(stores(8).map((store) => store.rotate(partnerId, created.registration.id, 60_000)));
      const issued = rotations.map((r) => r!.secret);
      expect(new Set(issued).size).toBe(issued.length);
      const row = (await db
        .selectFrom(WEBHOOK_TABLES.registrations)
        .selectAll()
        .where('id', '=', created.registration.id)
        .executeTakeFirst()) as RegistrationRow;
      const [current, previous] = new RegistrationStore(db, cipher).signingSecrets(row);
      expect(issued).toContain(current);
      expect(issued).toContain(previous);
      expect(previous).not.toBe(current);
    }
  });
});

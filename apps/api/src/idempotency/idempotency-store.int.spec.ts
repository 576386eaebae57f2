import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, READ_MODELS_SQLITE_FILE } from '@app/sql';
import { IDEMPOTENCY_SQLITE_FILE, IdempotencyStore } from './idempotency-store';

describe('idempotency records moving out of the read models’ SQLite file (an upgrade)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'idem-adopt-'));
  const earlierFile = join(dir, READ_MODELS_SQLITE_FILE);
  const earlierDb = createDatabase({ dialect: 'sqlite', file: earlierFile });
  const db = createDatabase({ dialect: 'sqlite', file: join(dir, IDEMPOTENCY_SQLITE_FILE) });
  const now = new Date('2026-12-01T10:00:00Z');

  afterAll(async () => {
    await earlierDb.destroy();
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  test('moves every record once, done and pending alike, and keeps a record already in the new file', async () => {
    // What the earlier version left in the read models' file.
    const earlier = new IdempotencyStore(earlierDb);
    await earlier.migrate();
    await earlier.claim('done-1', 'hash-1', 'api-a', now);
    await earlier.complete('done-1', 'api-a', 'sealed-1');
    await earlier.claim('pending-2', 'hash-2', 'api-b', now);
    await earlier.claim('both-3', 'hash-old', 'api-a', now);

    const store = new IdempotencyStore(db);
    await store.migrate();
    await store.claim('both-3', 'hash-new', 'api-c', now);
    expect(await store.adoptSqliteRecords(earlierFile)).toBe(2);

    expect(await store.find('done-1')).toEqual({
      status: 'done',
      requestHash: 'hash-1',
      sealedResponse: 'sealed-1',
      createdAt: now.toISOString(),
    });
    expect(await store.find('pending-2')).toMatchObject({ status: 'pending', requestHash: 'hash-2', owner: 'api-b' });
    expect(await store.find('both-3')).toMatchObject({ requestHash: 'hash-new', owner: 'api-c' });
    expect(await earlier.find('done-1')).toBeNull();
    // The next start finds nothing more to move; a data directory with no earlier file is fine too.
    expect(await store.adoptSqliteRecords(earlierFile)).toBe(0);
    expect(await store.adoptSqliteRecords(join(dir, 'none.sqlite'))).toBe(0);
  });
});

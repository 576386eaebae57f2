import { sql } from 'kysely';
import { migrate, Migration, sqlDialect } from '@app/sql';
import { describeDb } from '../support/postgres';

const createNotes: Migration = {
  name: '001-create-notes',
  up: (trx) =>
    trx.schema
      .createTable('notes')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('text', 'text')
      .execute(),
};
const addNote: Migration = {
  name: '002-add-note',
  up: async (trx) => {
    await trx.insertInto('notes').values({ id: 1, text: 'first' }).execute();
  },
};
const failing: Migration = {
  name: '003-failing',
  up: async (trx) => {
    await trx.insertInto('notes').values({ id: 2, text: 'half' }).execute();
    throw new Error('boom');
  },
};

describeDb('sql migrations', (database) => {
  test('applies pending migrations in order once and records them per namespace', async () => {
    const { db, dialect } = database();
    expect(sqlDialect(db)).toBe(dialect);
    expect(await migrate(db, 'spec', [createNotes, addNote])).toEqual(['001-create-notes', '002-add-note']);
    expect(await migrate(db, 'spec', [createNotes, addNote])).toEqual([]);
    expect(await db.selectFrom('notes').selectAll().execute()).toEqual([{ id: 1, text: 'first' }]);
    const recorded = await db.selectFrom('schema_migrations').select(['namespace', 'name']).orderBy('name').execute();
    expect(recorded).toEqual([
      { namespace: 'spec', name: '001-create-notes' },
      { namespace: 'spec', name: '002-add-note' },
    ]);
  });

  test('a failing migration leaves neither its changes nor its record', async () => {
    const { db } = database();
    await expect(migrate(db, 'spec', [createNotes, addNote, failing])).rejects.toThrow('boom');
    expect(await db.selectFrom('notes').select('id').execute()).toEqual([{ id: 1 }]);
    const names = await db.selectFrom('schema_migrations').select('name').where('name', '=', '003-failing').execute();
    expect(names).toEqual([]);
  });

  test('refuses migrations out of order without touching the database', async () => {
    const { db } = database();
    await expect(migrate(db, 'other', [addNote, createNotes])).rejects.toThrow(/ascending order/);
    const count = await sql<{ n: number }>`select count(*) as n from schema_migrations where namespace = 'other'`.execute(db);
    expect(Number(count.rows[0].n)).toBe(0);
  });

  test('concurrent migrators apply each migration exactly once', async () => {
    const { db } = database();
    const bump: Migration = {
      name: '004-bump',
      up: async (trx) => void (await trx.insertInto('notes').values({ id: 4, text: 'once' }).execute()),
    };
    const results = await Promise.all([
      migrate(db, 'spec', [createNotes, addNote, bump]),
      migrate(db, 'spec', [createNotes, addNote, bump]),
    ]);
    expect(results.flat()).toEqual(['004-bump']);
  });
});

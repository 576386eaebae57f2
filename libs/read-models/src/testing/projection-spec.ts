import type { AnyDomainEvent } from '@app/domain';
import type { Projection, ProjectionEvent, Rows, TableSpec } from '../projection';

type Row = Rows[string][number];

/**
 * Folds domain events through a projection's `identity`, `evolve` and `rows` in memory, as the runtime does batch
 * by batch, without a database: the projection's meaning, separate from the SQL that stores it (the
 * `*.projection.int.spec.ts` files check that the runtime stores exactly these rows).
 */
export function projectInMemory<Doc>(projection: Projection<Doc>, events: readonly AnyDomainEvent[]): Rows {
  const docs = new Map<string, Doc>();
  const revisions = new Map<string, number>();
  events.forEach((event, index) => {
    const recorded = asRecorded(event, index, revisions);
    if (!projection.handles.includes(event.type)) return;
    for (const id of projection.identity(recorded)) {
      const next = projection.evolve(docs.get(id), recorded, id);
      if (next === undefined) docs.delete(id);
      else docs.set(id, next);
    }
  });
  const rows: Rows = Object.fromEntries(projection.tables.map((table) => [table.name, [] as Row[]]));
  for (const [id, doc] of docs) {
    for (const [table, tableRows] of Object.entries(projection.rows(doc, id))) rows[table].push(...tableRows);
  }
  for (const table of projection.tables) rows[table.name] = inKeyOrder(table, rows[table.name]);
  return rows;
}

/**
 * given(events).then(rows), after Emmett's projection specifications: the events are the domain's own types, so a
 * spec cannot feed a projection an event shape the command side never writes. `then` compares only the tables it
 * names, each sorted by primary key. Uses jest's `expect`, so it is for specs only.
 */
export const projectionSpec = <Doc>(projection: Projection<Doc>) => ({
  given: (...events: AnyDomainEvent[]) => ({
    when: (...more: AnyDomainEvent[]) => projectionSpec(projection).given(...events, ...more),
    then: (expected: Rows) => {
      const rows = projectInMemory(projection, events);
      expect(Object.fromEntries(Object.keys(expected).map((table) => [table, rows[table]]))).toEqual(expected);
    },
    rows: () => projectInMemory(projection, events),
  }),
});

/** The recorded time of the n-th event of a spec: one second apart from a fixed moment. */
export const recordedAt = (index: number): string => new Date(Date.UTC(2026, 0, 1) + (index + 1) * 1000).toISOString();

/** The event as the store would record it, in one stream `spec-1`, at its revision there. */
function asRecorded(event: AnyDomainEvent, index: number, revisions: Map<string, number>): ProjectionEvent {
  const commit = (index + 1) * 10;
  const streamId = 'spec-1';
  const revision = (revisions.get(streamId) ?? -1) + 1;
  revisions.set(streamId, revision);
  return {
    id: `00000000-0000-4000-8000-${commit.toString(16).padStart(12, '0')}`,
    type: event.type,
    data: event.data,
    streamId,
    revision,
    position: { commit, prepare: commit },
    createdAt: recordedAt(index),
  };
}

/** A table's rows in its primary key's order: the order `then` compares in. */
export const inKeyOrder = (table: Pick<TableSpec, 'primaryKey'>, rows: readonly Row[]): Row[] => [...rows].sort(byKey(table.primaryKey));

const byKey =
  (columns: readonly string[]) =>
  (a: Row, b: Row): number => {
    for (const column of columns) {
      const left = String(a[column] ?? '');
      const right = String(b[column] ?? '');
      if (left !== right) return left < right ? -1 : 1;
    }
    return 0;
  };

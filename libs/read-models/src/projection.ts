/** Where an event sits in `$all`; ordered by `commit`, then `prepare`. */
export interface LogPosition {
  readonly commit: number;
  readonly prepare: number;
}

/** An event as projections see it: the domain's `{ type, data }` plus where it came from. */
export interface ProjectionEvent {
  readonly id: string;
  readonly type: string;
  readonly data: any;
  readonly streamId: string;
  /** The event's revision in its stream: with `streamId`, where to read it back exactly as stored. */
  readonly revision: number;
  readonly position: LogPosition;
  /** ISO-8601 time the store recorded the event. */
  readonly createdAt: string;
  /** The append's W3C traceparent from the event's metadata, when traces were on: the projection's span links to it. */
  readonly traceparent?: string;
}

export type ColumnType = 'text' | 'integer' | 'bigint';

export interface TableSpec {
  /** Logical name; the runtime stores it as `rm_<name>_g<generation>` so a rebuild can build beside it. */
  readonly name: string;
  readonly columns: Readonly<Record<string, ColumnType>>;
  readonly primaryKey: readonly string[];
  readonly indexes?: readonly (readonly string[])[];
}

export type Rows = Record<string, Record<string, string | number | null>[]>;

/**
 * A read model as data plus pure functions. Events are grouped into documents by `identity`
 * (the view's own key, not the stream that wrote the event); `evolve` folds one event into one document
 * (undefined = no document); `rows` derives the queryable rows of a document. The runtime keeps documents
 * and rows in step, batch by batch, with the checkpoint in the same transaction.
 */
export interface Projection<Doc = any> {
  readonly name: string;
  /** Bump when evolve, rows or tables change meaning: the runtime then rebuilds into new tables. */
  readonly version: number;
  readonly handles: readonly string[];
  readonly tables: readonly TableSpec[];
  identity(event: ProjectionEvent): readonly string[];
  /**
   * Each event is a document of its own that no later event changes (an index of the log): the runtime keeps only its
   * rows, with no stored document to read back and rewrite for every event.
   */
  readonly documentPerEvent?: true;
  evolve(doc: Doc | undefined, event: ProjectionEvent, id: string): Doc | undefined;
  rows(doc: Doc, id: string): Rows;
}

export function comparePositions(a: LogPosition, b: LogPosition): number {
  return a.commit !== b.commit ? Math.sign(a.commit - b.commit) : Math.sign(a.prepare - b.prepare);
}

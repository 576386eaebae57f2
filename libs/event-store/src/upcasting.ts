/**
 * How a reader of the log turns stored data of an older schema version into today's shape. The domain owns the
 * steps and the one function that applies them (`upcastEvent` in libs/domain/src/upcasters.ts); this library only
 * calls what it is given.
 */
export type UpcastFn = (type: string, schemaVersion: number, data: Record<string, unknown>) => Record<string, unknown>;

export const noUpcasting: UpcastFn = (_type, _version, data) => data;

/** The schema version events of a type are written with today (the domain's `currentSchemaVersion`). */
export type SchemaVersionFn = (type: string) => number;

export const firstSchemaVersion: SchemaVersionFn = () => 1;

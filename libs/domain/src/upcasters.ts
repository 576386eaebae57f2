/** Turns the data of one (type, schemaVersion) into the shape of schemaVersion + 1. */
export interface EventUpcaster {
  readonly type: string;
  readonly fromVersion: number;
  readonly upcast: (data: Record<string, unknown>) => Record<string, unknown>;
}

/**
 * The domain's upcasters, oldest shape first. Every event is still at version 1, so reading is the
 * identity; when a shape changes, its step from the old version goes here with a spec, and the command path's
 * `CURRENT_SCHEMA_VERSION` (libs/event-store/src/metadata.ts) moves up by one.
 */
export const domainUpcasters: readonly EventUpcaster[] = [];

/**
 * Applies the steps registered for the type from the stored version on, until no step matches: the one upcasting
 * mechanism, passed as the `upcast` of every reader of the log (the command path, the process manager, the read
 * models' event sources, and whatever shows events to people or services).
 */
export const upcastEvent = (
  type: string,
  schemaVersion: number,
  data: Record<string, unknown>,
  upcasters: readonly EventUpcaster[] = domainUpcasters,
): Record<string, unknown> => {
  let version = schemaVersion;
  let current = data;
  for (let step = find(upcasters, type, version); step; step = find(upcasters, type, version)) {
    current = step.upcast(current);
    version += 1;
  }
  return current;
};

const find = (upcasters: readonly EventUpcaster[], type: string, version: number) =>
  upcasters.find((step) => step.type === type && step.fromVersion === version);

import type { SupportContactDesignated } from './customer/events';
import type { LegacyEventData } from './legacy-events';

/** Turns the data of one (type, schemaVersion) into the shape of schemaVersion + 1. */
export interface EventUpcaster {
  readonly type: string;
  readonly fromVersion: number;
  readonly upcast: (data: Record<string, unknown>) => Record<string, unknown>;
}

/**
 * The domain's upcasters, oldest shape first. When a shape changes, its step from the old version goes here with a
 * spec, and the old shape into `LegacyEventData` (./legacy-events.ts): the type's current version moves up by one.
 */
export const domainUpcasters: readonly EventUpcaster[] = [
  {
    type: 'SupportContactDesignated',
    fromVersion: 1,
    upcast: (data) => {
      const { partnerId, ...rest } = data as unknown as LegacyEventData['SupportContactDesignated.v1'];
      const v2: SupportContactDesignated['data'] = { ...rest, supportContactId: partnerId };
      return v2;
    },
  },
];

/**
 * The schema version events of this type are written with today: one more than the steps registered for it, so
 * adding a step is what moves the version (the command path writes it, the feed announces it, the catalogue keys
 * its schema by it).
 */
export const currentSchemaVersion = (type: string, upcasters: readonly EventUpcaster[] = domainUpcasters): number =>
  1 + upcasters.filter((step) => step.type === type).length;

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

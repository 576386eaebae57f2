import path from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';
import { currentSchemaVersion, eventTypes } from '@app/domain';
import { regenerateCommand, repositoryRoot, type CatalogueEntry, type EventCatalogue, type JsonSchema } from './catalogue';

type Generated = JsonSchema & { properties?: Record<string, JsonSchema>; anyOf?: JsonSchema[] };

/**
 * The catalogue from the domain's own TypeScript types, which every decider, projection and spec already compiles
 * against: today's shapes from `AnyDomainEvent`, older ones from `LegacyEventData`. No second definition exists to
 * drift, and the domain keeps importing nothing (the generator reads its source; it is a devDependency).
 */
export function generateCatalogue(root: string = repositoryRoot()): EventCatalogue {
  const generator = createGenerator({
    path: path.join(root, 'libs/domain/src/index.ts'),
    tsconfig: path.join(root, 'tsconfig.json'),
    expose: 'none',
    topRef: false,
    jsDoc: 'extended',
    sortProps: false,
    skipTypeCheck: true,
    additionalProperties: false,
  });
  const current = new Map<string, JsonSchema>();
  for (const variant of (generator.createSchema('AnyDomainEvent') as Generated).anyOf ?? []) {
    const { properties, description } = variant as Generated;
    const type = (properties?.type as { const?: unknown } | undefined)?.const;
    const data = properties?.data;
    if (typeof type !== 'string' || data === undefined) throw new Error('AnyDomainEvent must be a union of DomainEvent<Type, Data>');
    current.set(type, withDescription(data, description));
  }
  const legacy = (generator.createSchema('LegacyEventData') as Generated).properties ?? {};

  const events: Record<string, CatalogueEntry> = {};
  for (const type of eventTypes) {
    const currentVersion = currentSchemaVersion(type);
    const versions: Record<string, JsonSchema> = {};
    for (let version = 1; version <= currentVersion; version += 1) {
      const schema = version === currentVersion ? current.get(type) : legacy[`${type}.v${version}`];
      if (!schema)
        throw new Error(
          version === currentVersion
            ? `${type} is in eventTypes but not in AnyDomainEvent`
            : `${type} is at version ${currentVersion}: declare its version ${version} shape as '${type}.v${version}' in LegacyEventData (libs/domain/src/legacy-events.ts)`,
        );
      versions[String(version)] = { title: `${type} v${version}`, ...schema };
    }
    events[type] = { currentVersion, versions };
  }
  for (const key of Object.keys(legacy)) {
    const [type, version] = key.split('.v');
    if (!events[type] || Number(version) >= events[type].currentVersion || !(Number(version) >= 1))
      throw new Error(`LegacyEventData has '${key}', which is no older version of a current event type`);
  }
  return {
    $comment: `Generated from libs/domain by \`${regenerateCommand}\`; do not edit. JSON Schema draft-07 of each event's data, per version.`,
    events,
  };
}

/** The event type's own JSDoc describes its data. */
const withDescription = (schema: JsonSchema, description: unknown): JsonSchema =>
  typeof description === 'string' && schema.description === undefined ? { description, ...schema } : schema;

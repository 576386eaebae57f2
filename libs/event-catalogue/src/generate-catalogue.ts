import path from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';
import { currentSchemaVersion, eventTypes } from '@app/domain';
import { regenerateCommand, repositoryRoot, type CatalogueEntry, type EventCatalogue, type JsonSchema } from './catalogue';

type Generated = JsonSchema & { properties?: Record<string, JsonSchema>; anyOf?: JsonSchema[] };

/** What the generated files are made of: the catalogue, and the two envelopes events travel in. */
export interface GeneratedSchemas {
  readonly catalogue: EventCatalogue;
  /** `CloudEvent` of apps/api/src/feed/cloud-event.ts: what the live feed and webhooks send. */
  readonly cloudEvent: JsonSchema;
  /** `EventMetadata` of libs/event-store/src/metadata.ts: what the store holds beside each event's data. */
  readonly metadata: JsonSchema;
}

/** The source files whose types are the contract; the generator reads nothing else (their imports aside). */
const sources = ['libs/domain/src/index.ts', 'libs/event-store/src/metadata.ts', 'apps/api/src/feed/cloud-event.ts'];

/**
 * The schemas from the code's own TypeScript types, which every decider, projection and spec already compiles
 * against: today's event shapes from `AnyDomainEvent`, older ones from `LegacyEventData`, the envelopes from their
 * interfaces. No second definition exists to drift, and the domain keeps importing nothing (the generator reads its
 * source; it is a devDependency).
 */
export function generateSchemas(root: string = repositoryRoot()): GeneratedSchemas {
  const generator = createGenerator({
    path: path.join(root, `{${sources.join(',')}}`),
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
  const envelope = (type: string): JsonSchema => {
    const { $schema: _draft, definitions: _none, ...schema } = generator.createSchema(type) as Generated;
    return schema;
  };
  return {
    catalogue: {
      $comment: `Generated from libs/domain by \`${regenerateCommand}\`; do not edit. JSON Schema draft-07 of each event's data, per version.`,
      events,
    },
    cloudEvent: envelope('CloudEvent'),
    metadata: envelope('EventMetadata'),
  };
}

export const generateCatalogue = (root: string = repositoryRoot()): EventCatalogue => generateSchemas(root).catalogue;

/** The event type's own JSDoc describes its data. */
const withDescription = (schema: JsonSchema, description: unknown): JsonSchema =>
  typeof description === 'string' && schema.description === undefined ? { description, ...schema } : schema;

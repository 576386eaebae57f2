import path from 'node:path';

/** A JSON Schema (draft-07) as plain JSON. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** Every version of one event type: `versions['1']`, `versions['2']`, … up to `currentVersion`. */
export interface CatalogueEntry {
  readonly currentVersion: number;
  readonly versions: Readonly<Record<string, JsonSchema>>;
}

/** The committed catalogue (docs/events/catalogue.json): each public event type's data schema at every version. */
export interface EventCatalogue {
  readonly $comment: string;
  readonly events: Readonly<Record<string, CatalogueEntry>>;
}

/** The one command that writes the committed files again from the domain's types. */
export const regenerateCommand = 'npm run catalogue';

/** `CustomerAdded.v1`: a schema's name in the AsyncAPI document and in messages. */
export const schemaName = (type: string, version: number): string => `${type}.v${version}`;

/** The schema of `type` at `version`, if the catalogue has one. */
export const schemaOf = (catalogue: EventCatalogue, type: string, version: number): JsonSchema | undefined =>
  Object.prototype.hasOwnProperty.call(catalogue.events, type) ? catalogue.events[type].versions[String(version)] : undefined;

/** The repository's root, from the source tree or from its build under dist/ alike. */
export const repositoryRoot = (from: string = __dirname): string => {
  const parts = path.resolve(from).split(path.sep);
  const libs = parts.lastIndexOf('libs');
  const root = parts.slice(0, libs).join(path.sep) || path.sep;
  return path.basename(root) === 'dist' ? path.dirname(root) : root;
};

/** Where the generated files are committed, relative to the repository's root. */
export const cataloguePaths = {
  catalogue: 'docs/events/catalogue.json',
  asyncApi: 'docs/asyncapi.json',
} as const;

/** The files' text: two-space JSON with a final newline, so a regeneration with nothing changed is no diff. */
export const toFileText = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

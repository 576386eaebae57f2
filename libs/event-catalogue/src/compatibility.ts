import type { EventCatalogue, JsonSchema } from './catalogue';

/**
 * What makes a published version's schema change incompatible, so that the shape needs a new version and an
 * upcaster instead. A consumer built against a version reads the fields it knows: it breaks when a field it reads
 * disappears (removed, or no longer required), changes type or format, or takes a value it has not seen (an enum or
 * constant changed either way: a consumer's switch over the values is as exhaustive as ours); and stored events of
 * the version stop validating when a field becomes required. Adding an optional field and editing a description are
 * compatible: consumers must ignore fields they do not know.
 */
export function incompatibilities(published: JsonSchema, candidate: JsonSchema, at = ''): string[] {
  const problems: string[] = [];
  const where = at === '' ? 'the data' : at;
  for (const keyword of ['type', 'format', 'enum', 'const', 'pattern', 'anyOf', 'oneOf', 'allOf'] as const)
    if (canonical(published[keyword], keyword) !== canonical(candidate[keyword], keyword))
      problems.push(`${where}: ${keyword} changed from ${shown(published[keyword])} to ${shown(candidate[keyword])}`);

  const before = record(published.properties);
  const after = record(candidate.properties);
  const wasRequired = new Set(list(published.required));
  const isRequired = new Set(list(candidate.required));
  for (const field of Object.keys(before)) {
    const path = at === '' ? field : `${at}.${field}`;
    if (!(field in after)) problems.push(`${path}: removed`);
    else {
      if (wasRequired.has(field) && !isRequired.has(field)) problems.push(`${path}: no longer required`);
      problems.push(...incompatibilities(before[field], after[field], path));
    }
  }
  for (const field of isRequired)
    if (!wasRequired.has(field))
      problems.push(`${at === '' ? field : `${at}.${field}`}: ${field in before ? 'now required' : 'new required field'}`);

  if (published.items !== undefined || candidate.items !== undefined)
    problems.push(...incompatibilities(record(published.items), record(candidate.items), `${at}[]`));
  return problems;
}

/**
 * Every published version of every type compared with what the code declares now: a version may gain optional
 * fields, nothing else; a published version or type may never disappear (a store still holds its events).
 */
export function catalogueIncompatibilities(published: EventCatalogue, candidate: EventCatalogue): string[] {
  const problems: string[] = [];
  for (const [type, entry] of Object.entries(published.events)) {
    const next = candidate.events[type];
    if (!next) {
      problems.push(`${type}: removed from the catalogue`);
      continue;
    }
    if (next.currentVersion < entry.currentVersion) problems.push(`${type}: current version went back to ${next.currentVersion}`);
    for (const [version, schema] of Object.entries(entry.versions)) {
      const now = next.versions[version];
      if (!now) problems.push(`${type} v${version}: removed from the catalogue`);
      else problems.push(...incompatibilities(schema, now).map((problem) => `${type} v${version}, ${problem}`));
    }
  }
  return problems;
}

/** A keyword's value as comparable text: object keys sorted, an enum's values as a set. */
const canonical = (value: unknown, keyword: string): string => {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : typeof v === 'object' && v !== null
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((key) => [key, sorted((v as Record<string, unknown>)[key])]),
          )
        : v;
  const normal = sorted(value);
  return JSON.stringify(keyword === 'enum' && Array.isArray(normal) ? normal.map((v) => JSON.stringify(v)).sort() : normal) ?? '';
};
const record = (value: unknown): Record<string, JsonSchema> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, JsonSchema>) : {};
const list = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const shown = (value: unknown): string => (value === undefined ? 'nothing' : JSON.stringify(value));

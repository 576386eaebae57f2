import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

type Lookup = (target: object, schema: string, always: boolean, strictGroups: boolean, groups?: string[]) => ValidationMetadata[];
type Storage = { getTargetValidationMetadatas: Lookup; addValidationMetadata(metadata: ValidationMetadata): void };

/**
 * The validation pipe's second shortcut (`bench/api/validation-pipe.js` measures it against class-validator's own
 * lookup): class-validator works out a class's rules again on every validation, filtering its rules and testing the
 * class against every other class with rules (`instanceof`), so each request pays for every DTO the application has.
 * The answer only changes when a decorator adds a rule, so it is kept per class and options, and dropped when a rule
 * is added. Callers only read the arrays (class-validator's executor groups and filters them into new ones).
 * Returns the function that puts class-validator's own lookup back.
 */
export function cacheValidationMetadata(storage = getMetadataStorage() as unknown as Storage): () => void {
  // Already installed: only the first installer can take it out again.
  if (Object.hasOwn(storage, 'getTargetValidationMetadatas')) return () => undefined;
  const lookup = storage.getTargetValidationMetadatas;
  const add = storage.addValidationMetadata;
  let cached = new Map<object, Map<string, ValidationMetadata[]>>();
  storage.getTargetValidationMetadatas = function (target, schema, always, strictGroups, groups) {
    if (groups?.length) return lookup.call(this, target, schema, always, strictGroups, groups);
    const key = `${schema}|${always}|${strictGroups}`;
    let byOptions = cached.get(target);
    if (!byOptions) cached.set(target, (byOptions = new Map()));
    let rules = byOptions.get(key);
    if (!rules) byOptions.set(key, (rules = lookup.call(this, target, schema, always, strictGroups, groups)));
    return rules;
  };
  storage.addValidationMetadata = function (metadata) {
    cached = new Map();
    add.call(this, metadata);
  };
  return () => {
    delete (storage as Partial<Storage>).getTargetValidationMetadatas;
    delete (storage as Partial<Storage>).addValidationMetadata;
  };
}

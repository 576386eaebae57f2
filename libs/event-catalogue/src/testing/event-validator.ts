import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import committed from '../../../../docs/events/catalogue.json';
import { schemaOf, type EventCatalogue } from '../catalogue';

/**
 * Checks events against the committed catalogue's schema of their type and stored version (specs only: ajv is a
 * devDependency). `problemsOf` names each event that has no schema or does not validate.
 */
export function eventValidator(catalogue: EventCatalogue = committed as EventCatalogue) {
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
  addFormats(ajv);
  const compiled = new Map<string, ValidateFunction | null>();
  const validatorOf = (type: string, version: number): ValidateFunction | null => {
    const key = `${type}.v${version}`;
    if (!compiled.has(key)) {
      const schema = schemaOf(catalogue, type, version);
      compiled.set(key, schema ? ajv.compile(schema) : null);
    }
    return compiled.get(key)!;
  };
  return {
    /** Nothing when the data is valid; otherwise one line per problem. */
    problemsOf(type: string, version: number, data: unknown): string[] {
      const validate = validatorOf(type, version);
      if (!validate) return [`${type} v${version}: no schema in the event catalogue`];
      if (validate(data)) return [];
      return (validate.errors ?? []).map((error) => `${type} v${version}: data${error.instancePath} ${error.message}`);
    },
  };
}

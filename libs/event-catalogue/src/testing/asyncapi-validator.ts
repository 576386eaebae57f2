import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import asyncApi3 from '@asyncapi/specs/schemas/3.0.0.json';

/**
 * Checks a document against the official AsyncAPI 3.0.0 JSON Schema (from @asyncapi/specs; the full
 * @asyncapi/parser would bring in Spectral and some hundred and fifty packages). Returns the problems, none when valid.
 */
export function asyncApiProblems(document: unknown): string[] {
  const ajv = new Ajv({ allErrors: true, strict: false, meta: false, validateSchema: false });
  addFormats(ajv);
  const validate = ajv.compile(asyncApi3);
  if (validate(document)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message} ${JSON.stringify(error.params)}`);
}

/** Local `$ref`s (`#/…`) of the document that point at nothing: the JSON Schema above does not follow them. */
export function unresolvedRefs(document: unknown): string[] {
  const missing: string[] = [];
  const resolves = (pointer: string) =>
    pointer
      .slice(2)
      .split('/')
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>(
        (node, key) => (typeof node === 'object' && node !== null && key in node ? (node as Record<string, unknown>)[key] : undefined),
        document,
      ) !== undefined;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null)
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string' && value.startsWith('#/') && !resolves(value)) missing.push(value);
        else walk(value);
      }
  };
  walk(document);
  return missing;
}

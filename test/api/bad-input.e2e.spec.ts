import fc from 'fast-check';
import { startApiHarness, type ApiHarness } from './support/api-harness';
import { commandFamilies, type Family, type Field } from './support/command-families';

const huge = 'x'.repeat(20_000);
const controlChars = fc.constantFrom('\u0000', '\u0007', '\u001b', '\u007f').map((c) => `ab${c}cd`);
/** Values that no field of the given type accepts (null only for required fields: optional ones ignore it). */
function wrongValue(field: Field): fc.Arbitrary<unknown> {
  const nullish = field.required ? [fc.constant(null)] : [];
  const notString = [fc.integer(), fc.boolean(), fc.array(fc.string(), { maxLength: 2 }), fc.constant({ nested: 1 }), ...nullish];
  switch (field.type) {
    case 'text':
      return fc.oneof(...notString, fc.constant(huge), controlChars, fc.constant(''));
    case 'id':
      return fc.oneof(...notString, fc.constantFrom('', 'a b', '../etc', 'x_y', '-lead', 'é', 'a'.repeat(65)));
    case 'enum':
      return fc.oneof(...notString, fc.constantFrom('', 'nope', 'GLOBALADMIN'));
    case 'bool':
      return fc.oneof(fc.constantFrom('true', 'yes', 1, 0, [], {}), ...nullish);
    case 'int':
      return fc.oneof(fc.constantFrom('5', 1.5, -1, 0, 2_000_001, 1e308, true, [], {}), ...nullish);
    case 'object':
      return fc.oneof(fc.integer(), fc.string(), fc.constant([1, 2]), fc.constant({ unexpected: 'x' }), ...nullish);
    case 'array':
      return fc.oneof(fc.integer(), fc.string(), fc.constant({}), fc.constant([null]), fc.constant([1, 'x']), ...nullish);
  }
}

type Mutation =
  | { kind: 'wrong-type'; key: string; value: unknown }
  | { kind: 'unknown-field'; key: string; value: unknown }
  | { kind: 'missing'; key: string }
  | { kind: 'not-an-object'; body: unknown }
  | { kind: 'bad-id'; id: string }
  | { kind: 'bad-etag'; etag: string }
  | { kind: 'content-type'; contentType: string }
  | { kind: 'oversized' };

function mutations(family: Family): fc.Arbitrary<Mutation> {
  const keys = Object.keys(family.fields);
  const required = keys.filter((k) => family.fields[k].required);
  const options: fc.Arbitrary<Mutation>[] = [
    fc.constantFrom(...keys).chain((key) => wrongValue(family.fields[key]).map((value): Mutation => ({ kind: 'wrong-type', key, value }))),
    fc
      .tuple(
        fc.stringMatching(/^[a-z][A-Za-z0-9]{0,15}$/).filter((k) => !keys.includes(k)),
        fc.jsonValue(),
      )
      .map(([key, value]): Mutation => ({ kind: 'unknown-field', key, value })),
    fc
      .oneof(fc.array(fc.integer(), { maxLength: 3 }), fc.string(), fc.integer(), fc.constant(null))
      .map((body): Mutation => ({ kind: 'not-an-object', body })),
    fc
      .constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x')
      .map((contentType): Mutation => ({ kind: 'content-type', contentType })),
    fc.constant<Mutation>({ kind: 'oversized' }),
  ];
  if (required.length > 0) options.push(fc.constantFrom(...required).map((key): Mutation => ({ kind: 'missing', key })));
  if (family.idSegment !== undefined) {
    options.push(
      fc.constantFrom('a b', '.x', 'x_y', '-x', 'a'.repeat(65), '%00', 'é', "'or'1'='1").map((id): Mutation => ({ kind: 'bad-id', id })),
    );
  }
  if (family.ifMatch) {
    options.push(
      fc
        .constantFrom('5', 'W/5', '"abc"', 'W/"-1"', '"1", "2"', 'W/"99999999999999999999"', 'garbage')
        .map((etag): Mutation => ({ kind: 'bad-etag', etag })),
    );
  }
  return fc.oneof(...options);
}

/** What the refusal must name, when the mutation fixes it. */
function expectedField(m: Mutation): string | ((field: string) => boolean) {
  switch (m.kind) {
    case 'wrong-type':
    case 'missing':
      return (field) => field === m.key || field.startsWith(`${m.key}.`);
    case 'unknown-field':
      return m.key;
    case 'not-an-object':
    case 'oversized':
      return 'body';
    case 'content-type':
      return 'Content-Type';
    case 'bad-etag':
      return 'If-Match';
    case 'bad-id':
      return (field) => field.length > 0;
  }
}

describe('bad input: generated malformed requests per command family', () => {
  let h: ApiHarness;
  const families: Family[] = [];

  beforeAll(async () => {
    // Without the process manager nothing but these requests could move the head of $all.
    h = await startApiHarness({ PROCESS_MANAGER: 'off' });
    families.push(...(await commandFamilies(h)));
  });

  afterAll(async () => {
    await h?.close();
  });

  /** Sends one malformed request; returns what was wrong with the answer, or null. */
  async function check(family: Family, m: Mutation): Promise<string | null> {
    let body: unknown = structuredClone(family.valid);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    let path = family.path;
    switch (m.kind) {
      case 'wrong-type':
      case 'unknown-field':
        (body as Record<string, unknown>)[m.key] = m.value;
        break;
      case 'missing':
        delete (body as Record<string, unknown>)[m.key];
        break;
      case 'not-an-object':
        body = m.body;
        break;
      case 'bad-id': {
        const segments = path.split('/');
        segments[family.idSegment!] = encodeURIComponent(m.id);
        path = segments.join('/');
        break;
      }
      case 'bad-etag':
        headers['if-match'] = m.etag;
        break;
      case 'content-type':
        headers['content-type'] = m.contentType;
        break;
      case 'oversized':
        body = { ...(body as object), padding: 'x'.repeat(70_000) };
        break;
    }
    const result = await h.call(family.method, path, { token: family.token, rawBody: JSON.stringify(body), headers });
    const context = `${family.name} ${m.kind} ${'key' in m ? m.key : ''}: ${result.status} ${result.text.slice(0, 200)}`;
    if (result.status < 400 || result.status >= 500) return `not a 4xx refusal: ${context}`;
    if (!(result.headers.get('content-type') ?? '').startsWith('application/problem+json')) return `not problem+json: ${context}`;
    const expected = expectedField(m);
    const field: unknown = result.body?.field;
    const ok = typeof field === 'string' && (typeof expected === 'string' ? field === expected : expected(field));
    return ok ? null : `field not named: ${context}`;
  }

  it('answers every malformed request with a 4xx problem naming the field, and appends nothing', async () => {
    expect(families.length).toBeGreaterThanOrEqual(14);
    const head = await h.head();
    for (const family of families) {
      // 200 generated cases per family, sent 8 at a time: the property is per request, order is irrelevant.
      const cases = fc.sample(mutations(family), { numRuns: 200, seed: 20261121 });
      expect(cases).toHaveLength(200);
      const failures: string[] = [];
      for (let i = 0; i < cases.length; i += 8) {
        const batch = await Promise.all(cases.slice(i, i + 8).map((m) => check(family, m)));
        failures.push(...batch.filter((f): f is string => f !== null));
      }
      expect(failures).toEqual([]);
    }
    expect(await h.head()).toBe(head);
    // About 15 s on a quiet machine; the bound only absorbs a machine shared with other test runs.
  }, 120_000);
});

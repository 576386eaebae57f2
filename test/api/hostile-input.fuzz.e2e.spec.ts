import fc from 'fast-check';
import { MAX_JSON_DEPTH } from '../../apps/api/src/http/json-body';
import { startApiHarness, type ApiHarness } from './support/api-harness';
import { commandFamilies, type Family } from './support/command-families';
import { rawRequest } from './support/raw-http';

// Bodies and requests built to break a parser rather than a validator, sent to every command family: none may
// answer 5xx, every answer is problem+json, none echoes the URL, its query string or a header, and the event log
// does not move.

const PROTOTYPE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  '__defineGetter__',
  'toLocaleString',
  'propertyIsEnumerable',
];
const INVALID_UTF8 = [[0x80], [0xff], [0xc0, 0xaf], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf0, 0x9f]];
const CHARSETS = ['utf-16', 'utf-16le', 'UTF-16BE', 'latin1', 'iso-8859-1', 'windows-1252', 'us-ascii', 'utf-32', 'x-unknown'];

type Hostile =
  | { kind: 'nesting'; key: string; depth: number; bracket: '[' | '{' }
  | { kind: 'prototype-key'; key: string; under?: string; value: unknown }
  | { kind: 'lone-surrogate'; key: string; text: string }
  | { kind: 'invalid-utf8'; key: string; bytes: number[] }
  | { kind: 'charset'; charset: string };

function hostile(family: Family): fc.Arbitrary<Hostile> {
  const keys = Object.keys(family.fields);
  const key = fc.constantFrom(...keys);
  const objectKeys = keys.filter((k) => family.fields[k].type === 'object');
  return fc.oneof(
    // As deep as fits under the 64 KiB body limit: two bytes a level for arrays, six for objects.
    fc
      .tuple(key, fc.constantFrom('[' as const, '{' as const))
      .chain(([k, bracket]) =>
        fc
          .integer({ min: MAX_JSON_DEPTH, max: bracket === '[' ? 30_000 : 10_000 })
          .map((depth): Hostile => ({ kind: 'nesting', key: k, depth, bracket })),
      ),
    fc.record({
      kind: fc.constant('prototype-key' as const),
      key: fc.constantFrom(...PROTOTYPE_KEYS),
      under: objectKeys.length > 0 ? fc.option(fc.constantFrom(...objectKeys), { nil: undefined }) : fc.constant(undefined),
      value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant({ prototype: { polluted: true } })),
    }),
    fc.record({
      kind: fc.constant('lone-surrogate' as const),
      key,
      text: fc
        .tuple(fc.string({ maxLength: 8 }), fc.integer({ min: 0xd800, max: 0xdfff }), fc.string({ maxLength: 8 }))
        .map(([a, s, b]) => `${a}${String.fromCharCode(s)}${b}`),
    }),
    fc.record({ kind: fc.constant('invalid-utf8' as const), key, bytes: fc.constantFrom(...INVALID_UTF8) }),
    fc.record({ kind: fc.constant('charset' as const), charset: fc.constantFrom(...CHARSETS) }),
  );
}

/** The raw body: `valid` with one field replaced by the hostile part, spliced into the JSON text where needed. */
function bodyOf(family: Family, h: Hostile): { body: Buffer; contentType: string } {
  const valid = JSON.stringify(family.valid);
  const withField = (key: string, rawValue: string) => {
    const rest = JSON.stringify({ ...family.valid, [key]: undefined });
    return `{${JSON.stringify(key)}:${rawValue}${rest === '{}' ? '' : `,${rest.slice(1, -1)}`}}`;
  };
  switch (h.kind) {
    case 'nesting': {
      // `depth` levels inside the body's own object: one more than the bound at the least.
      const [open, close] = h.bracket === '[' ? ['[', ']'] : ['{"a":', '}'];
      return { body: Buffer.from(withField(h.key, `${open.repeat(h.depth)}1${close.repeat(h.depth)}`)), contentType: 'application/json' };
    }
    case 'prototype-key': {
      const pair = `${JSON.stringify(h.key)}:${JSON.stringify(h.value)}`;
      const text = h.under ? withField(h.under, `{${pair}}`) : `{${pair},${valid.slice(1)}`;
      return { body: Buffer.from(text), contentType: 'application/json' };
    }
    case 'lone-surrogate':
      return { body: Buffer.from(withField(h.key, JSON.stringify(h.text))), contentType: 'application/json' };
    case 'invalid-utf8': {
      const [before, after] = withField(h.key, '"a@@b"').split('@@');
      return { body: Buffer.concat([Buffer.from(before), Buffer.from(h.bytes), Buffer.from(after)]), contentType: 'application/json' };
    }
    case 'charset':
      return {
        body: /utf-16|utf-32/i.test(h.charset) ? Buffer.from(valid, 'utf16le') : Buffer.from(valid),
        contentType: `application/json; charset=${h.charset}`,
      };
  }
}

/** What the refusal must be: the status and the field it names. */
function expected(h: Hostile): { status: number; field: (field: string) => boolean } {
  switch (h.kind) {
    case 'charset':
      return { status: 415, field: (f) => f === 'Content-Type' };
    case 'prototype-key':
      return { status: 400, field: (f) => f === (h.under ? `${h.under}.${h.key}` : h.key) };
    case 'lone-surrogate':
      return { status: 400, field: (f) => f === h.key };
    default:
      return { status: 400, field: (f) => f === 'body' };
  }
}

describe('hostile input: parser attacks on every command family and framework-level malformations', () => {
  let h: ApiHarness;
  let families: Family[] = [];

  beforeAll(async () => {
    // Without the process manager nothing but these requests could move the head of $all.
    h = await startApiHarness({ PROCESS_MANAGER: 'off' });
    families = await commandFamilies(h);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('refuses deep nesting, prototype keys, lone surrogates, invalid UTF-8 and other charsets with a 4xx problem naming the field, appending nothing', async () => {
    expect(families.length).toBeGreaterThanOrEqual(14);
    const head = await h.head();
    const failures: string[] = [];
    for (const family of families) {
      const cases = fc.sample(hostile(family), { numRuns: 40, seed: 20261205 });
      for (let i = 0; i < cases.length; i += 8) {
        const batch = cases.slice(i, i + 8).map(async (c) => {
          const { body, contentType } = bodyOf(family, c);
          const result = await h.call(family.method, family.path, {
            token: family.token,
            rawBody: body,
            headers: { 'content-type': contentType },
          });
          const want = expected(c);
          const label = `${family.name} ${JSON.stringify(c).slice(0, 120)}: ${result.status} ${result.text.slice(0, 160)}`;
          if (result.status !== want.status) return `status: ${label}`;
          if (!(result.headers.get('content-type') ?? '').startsWith('application/problem+json')) return `not problem+json: ${label}`;
          if (typeof result.body?.field !== 'string' || !want.field(result.body.field)) return `field: ${label}`;
          return null;
        });
        failures.push(...(await Promise.all(batch)).filter((f): f is string => f !== null));
      }
    }
    expect(failures).toEqual([]);
    expect(await h.head()).toBe(head);
  }, 180_000);

  it('refuses each reproduction of the attack report (issue 17, findings 2, 5, 6, 8) as a 4xx naming the field', async () => {
    const add = families.find((f) => f.name === 'add customer')!;
    // The valid body's other fields, after the hostile one (a key given twice would keep its later, valid value).
    const without = (key: string) => JSON.stringify({ ...add.valid, [key]: undefined }).slice(1);
    const valid = without('companyName');
    const cases: [string, string | Buffer, string, number, string][] = [
      ['2: 30,000 levels of arrays', `{"x":${'['.repeat(30_000)}${']'.repeat(30_000)},${valid}`, 'application/json', 400, 'body'],
      [
        '5: a constructor key in a field',
        `{"address":{"constructor":1},${without('address')}`,
        'application/json',
        400,
        'address.constructor',
      ],
      [
        '6: a lone surrogate in the e-mail',
        `{"primaryContact":{"firstName":"A","lastName":"B","email":"\\ud800"},${without('primaryContact')}`,
        'application/json',
        400,
        'primaryContact.email',
      ],
      [
        '6: invalid UTF-8',
        Buffer.concat([Buffer.from('{"companyName":"'), Buffer.from([0xc3, 0x28]), Buffer.from(`",${valid}`)]),
        'application/json',
        400,
        'body',
      ],
      ['6: a body declared UTF-16', Buffer.from(`{${valid}`, 'utf16le'), 'application/json; charset=utf-16', 415, 'Content-Type'],
      ['6: a body declared latin1', `{${valid}`, 'application/json; charset=latin1', 415, 'Content-Type'],
      ['8: toString', `{"toString":"x",${valid}`, 'application/json', 400, 'toString'],
      ['8: hasOwnProperty', `{"hasOwnProperty":1,${valid}`, 'application/json', 400, 'hasOwnProperty'],
      ['8: __proto__', `{"__proto__":{"isAdmin":true},${valid}`, 'application/json', 400, '__proto__'],
    ];
    const head = await h.head();
    for (const [label, body, contentType, status, field] of cases) {
      const result = await h.call('POST', add.path, { token: add.token, rawBody: body, headers: { 'content-type': contentType } });
      expect([label, result.status, result.headers.get('content-type'), result.body?.field]).toEqual([
        label,
        status,
        expect.stringMatching(/^application\/problem\+json/),
        field,
      ]);
    }
    expect(await h.head()).toBe(head);
  });

  it('answers malformed HTTP with problem+json that repeats neither the URL, nor its query string, nor a header', async () => {
    const secret = 'sEcReT-tOkEn-0123456789';
    const paths = families.map((f) => f.path);
    const malformations = fc.oneof(
      fc.constantFrom('%ZZ', '%', '%E0%A4%A', '%C0%AF').map((bad) => ({
        name: `bad URL ${bad}`,
        status: 400,
        request: `GET /v1/customers/${bad}?token=${secret} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      })),
      fc.integer({ min: 101, max: 2_000 }).map((n) => ({
        name: `path id of ${n} characters`,
        status: 414,
        request: `GET /v1/customers/${'a'.repeat(n)}?token=${secret} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      })),
      fc.constantFrom(...paths).map((path) => ({
        name: `NUL in a header to ${path}`,
        status: 400,
        request: `POST ${path}?token=${secret} HTTP/1.1\r\nHost: x\r\nX-Note: a\u0000${secret}\r\nConnection: close\r\n\r\n`,
      })),
      fc.integer({ min: 17_000, max: 40_000 }).map((n) => ({
        name: `${n} bytes of headers`,
        status: 431,
        request: `GET /v1/customers?token=${secret} HTTP/1.1\r\nHost: x\r\nX-Big: ${secret}${'b'.repeat(n)}\r\nConnection: close\r\n\r\n`,
      })),
      fc.constantFrom('/v1/nowhere', '/v2/customers', '/v1/customers/a/b/c/d').map((path) => ({
        name: `unknown route ${path}`,
        status: 404,
        request: `GET ${path}?token=${secret} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      })),
      fc.constantFrom('GET / HTTP/9.9', 'G\u0001T / HTTP/1.1', 'GET /\u0000 HTTP/1.1').map((line) => ({
        name: `request line ${JSON.stringify(line)}`,
        status: 400,
        request: `${line}\r\nHost: x\r\nConnection: close\r\n\r\n`,
      })),
      fc.constantFrom(...paths).map((path) => ({
        name: `Content-Length and Transfer-Encoding together to ${path}`,
        status: 400,
        request: `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n`,
      })),
    );
    const head = await h.head();
    const failures: string[] = [];
    for (const m of fc.sample(malformations, { numRuns: 60, seed: 20261205 })) {
      const response = await rawRequest(h.url, m.request);
      const label = `${m.name}: ${response.status} ${response.body.slice(0, 160)}`;
      if (response.status !== m.status) failures.push(`status: ${label}`);
      else if (!(response.headers['content-type'] ?? '').startsWith('application/problem+json'))
        failures.push(`not problem+json: ${label}`);
      else if (JSON.parse(response.body).status !== m.status) failures.push(`problem status: ${label}`);
      else if (response.body.includes(secret) || response.body.includes('%ZZ') || response.body.includes('aaaaaaaaaa'))
        failures.push(`echoes the request: ${label}`);
    }
    expect(failures).toEqual([]);
    expect(await h.head()).toBe(head);
  }, 120_000);
});

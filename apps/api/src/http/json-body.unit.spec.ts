import { MAX_JSON_DEPTH, parseJsonBody } from './json-body';
import { ProblemException, type Problem } from './problem';

const JSON_TYPE = 'application/json';

function refusal(contentType: string | undefined, body: string | Buffer): Pick<Problem, 'status' | 'code' | 'field'> & { detail: string } {
  try {
    parseJsonBody(contentType, typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
  } catch (error) {
    if (!(error instanceof ProblemException)) throw error;
    const { status, code, field, detail } = error.problem;
    return { status, code, field, detail };
  }
  throw new Error('accepted');
}

describe('parseJsonBody', () => {
  it('parses a UTF-8 JSON body, with or without a declared UTF-8 charset', () => {
    const body = JSON.stringify({ name: 'Zoë 😀', list: [{ n: 1 }] });
    for (const type of [
      JSON_TYPE,
      'application/json; charset=utf-8',
      'application/json;charset="UTF-8"',
      'application/json; charset=utf8',
    ]) {
      expect(parseJsonBody(type, Buffer.from(body))).toEqual({ name: 'Zoë 😀', list: [{ n: 1 }] });
    }
  });

  it('refuses any other declared charset with 415 naming Content-Type', () => {
    for (const charset of ['utf-16', 'latin1', 'iso-8859-1', 'utf-16le', '']) {
      expect(refusal(`application/json; charset=${charset}`, '{}')).toMatchObject({
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
        field: 'Content-Type',
      });
    }
  });

  it('refuses invalid UTF-8 (a stray continuation byte, a truncated sequence, an overlong form) with 400', () => {
    for (const bytes of [
      [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0x80, 0x22, 0x7d],
      [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe2, 0x82, 0x22, 0x7d],
      [0x22, 0xc0, 0xaf, 0x22],
    ]) {
      expect(refusal(JSON_TYPE, Buffer.from(bytes))).toMatchObject({
        status: 400,
        field: 'body',
        detail: 'The request body is not valid UTF-8.',
      });
    }
  });

  it('accepts nesting up to the bound and refuses one level more, and 100,000 levels without a stack overflow', () => {
    const nested = (levels: number) => `{"x":${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}}`;
    expect(parseJsonBody(JSON_TYPE, Buffer.from(nested(MAX_JSON_DEPTH)))).toBeDefined();
    expect(refusal(JSON_TYPE, nested(MAX_JSON_DEPTH + 1))).toMatchObject({ status: 400, field: 'body' });
    expect(refusal(JSON_TYPE, nested(100_000))).toMatchObject({ status: 400, field: 'body' });
    // Brackets inside strings, escaped quotes included, do not count.
    expect(parseJsonBody(JSON_TYPE, Buffer.from(JSON.stringify({ s: `\\"${'['.repeat(500)}` })))).toEqual({ s: `\\"${'['.repeat(500)}` });
  });

  it('refuses prototype keys and keys named after Object.prototype members as unknown fields, at any depth', () => {
    const cases: [string, string][] = [
      ['{"__proto__":{"admin":true}}', '__proto__'],
      ['{"address":{"constructor":1}}', 'address.constructor'],
      ['{"a":{"constructor":{"prototype":{"x":1}}}}', 'a.constructor'],
      ['{"prototype":1}', 'prototype'],
      ['{"toString":"x"}', 'toString'],
      ['{"subscriptions":[{"hasOwnProperty":1}]}', 'subscriptions.0.hasOwnProperty'],
      ['{"valueOf":1}', 'valueOf'],
    ];
    for (const [body, field] of cases) {
      const key = field.split('.').pop();
      expect(refusal(JSON_TYPE, body)).toEqual({
        status: 400,
        code: 'VALIDATION',
        field,
        detail: `${field}: property ${key} should not exist`,
      });
    }
  });

  it('refuses a forbidden key spelled with escapes, and takes a forbidden name as a string value', () => {
    expect(refusal(JSON_TYPE, '{"a":{"\\u0063onstructor":1}}')).toMatchObject({ status: 400, field: 'a.constructor' });
    expect(refusal(JSON_TYPE, '{"\\u005f_proto__":{"admin":true}}')).toMatchObject({ status: 400, field: '__proto__' });
    expect(parseJsonBody(JSON_TYPE, Buffer.from('{"name":"toString","list":["__proto__"]}'))).toEqual({
      name: 'toString',
      list: ['__proto__'],
    });
  });

  it('refuses a lone surrogate in any string or key, naming where it is', () => {
    expect(refusal(JSON_TYPE, '{"email":"\\ud800"}')).toMatchObject({ status: 400, field: 'email' });
    expect(refusal(JSON_TYPE, '{"contact":{"names":["ok","x\\udc00"]}}')).toMatchObject({ status: 400, field: 'contact.names.1' });
    expect(refusal(JSON_TYPE, '{"a":{"\\udbff":1}}')).toMatchObject({ status: 400, field: 'a' });
    expect(parseJsonBody(JSON_TYPE, Buffer.from('{"e":"\\ud83d\\ude00"}'))).toEqual({ e: '😀' });
  });

  it('refuses an empty body and text that is not JSON with 400 naming the body', () => {
    expect(refusal(JSON_TYPE, '  ')).toMatchObject({ status: 400, field: 'body' });
    expect(refusal(JSON_TYPE, '{"a":')).toMatchObject({ status: 400, field: 'body', detail: 'The request body is not valid JSON.' });
  });
});

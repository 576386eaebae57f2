import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ProblemException, problem, validationProblem } from './problem';

/**
 * How deeply arrays and objects may nest in a request body. The deepest body a command takes is three levels
 * (`subscriptions[0].offerId`); anything far deeper is an attack on whatever walks the value next.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Keys no request body may carry: the names of `Object.prototype`'s members (`__proto__`, `constructor`,
 * `toString`, `hasOwnProperty`, …) and `prototype`. A mapper copying such a key onto an object either changes
 * that object's prototype or finds a function already there and skips the key, which then never reaches the
 * unknown-field check; refused here, they are unknown fields like any other.
 */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/**
 * What must be in the text for the parsed value to hold a forbidden key or a lone surrogate: a `\u` escape (UTF-8 that
 * decodes cannot carry a surrogate, and a key spelled with escapes has one), or a forbidden name as a quoted string
 * (their letters need no escape). A body without either skips the walk over its value.
 */
const MAYBE_UNSAFE = new RegExp(`\\\\u|"(?:${[...FORBIDDEN_KEYS].join('|')})"`);

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A surrogate code point: in a `u` regex a well-formed pair is one code point, so this finds only lone halves. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * The API's one JSON body parser, in place of Fastify's: a body declared in any charset but UTF-8 is a 415;
 * invalid UTF-8, nesting deeper than MAX_JSON_DEPTH, a lone surrogate in any string or key, and a forbidden key
 * are 400s naming the field. Both walks over the body are loops, not recursion, so no body can exhaust the stack.
 */
export function registerJsonBody(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request: FastifyRequest, body: Buffer, done) => {
    try {
      done(null, parseJsonBody(request.headers['content-type'], body));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

export function parseJsonBody(contentType: string | undefined, body: Buffer): unknown {
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(contentType ?? '')?.[1];
  if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
    throw new ProblemException(
      problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json in UTF-8.', { field: 'Content-Type' }),
    );
  }
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw bodyProblem('The request body is not valid UTF-8.');
  }
  if (text.trim() === '') throw bodyProblem('The JSON body is empty.');
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) throw bodyProblem(`The JSON body nests deeper than ${MAX_JSON_DEPTH} levels.`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw bodyProblem('The request body is not valid JSON.');
  }
  if (MAYBE_UNSAFE.test(text)) refuseUnsafeContent(value);
  return value;
}

function bodyProblem(detail: string): ProblemException {
  return new ProblemException(problem(400, 'VALIDATION', detail, { field: 'body' }));
}

/** Whether `[` and `{` outside strings nest deeper than `limit`; it stops at the first level past it. */
function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}

/** Refuses forbidden keys and strings (or keys) that are not well-formed Unicode, naming the field by its path. */
function refuseUnsafeContent(root: unknown): void {
  const pending: { value: unknown; path: string }[] = [{ value: root, path: '' }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, path } = next;
    if (typeof value === 'string') {
      if (LONE_SURROGATE.test(value)) throw validationProblem([{ field: path || 'body', message: 'must not contain a lone surrogate' }]);
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => pending.push({ value: item, path: join(path, String(index)) }));
    } else if (typeof value === 'object' && value !== null) {
      for (const key of Object.keys(value)) {
        const field = join(path, key);
        if (FORBIDDEN_KEYS.has(key)) throw validationProblem([{ field, message: `property ${key} should not exist` }]);
        if (LONE_SURROGATE.test(key))
          throw validationProblem([{ field: path || 'body', message: 'must not have a key with a lone surrogate' }]);
        pending.push({ value: (value as Record<string, unknown>)[key], path: field });
      }
    }
  }
}

const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);

import type { FastifyInstance } from 'fastify';
import { etagOf } from './etag';

export { etagOf };

const HTTP_RESULT = Symbol('HttpResult');

/** What a command endpoint answers; status and headers travel with the body so a replay can repeat them. */
export interface HttpResult {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  /** Set only by `httpResult` (a symbol: never serialised, never confused with a response body's fields). */
  readonly [HTTP_RESULT]: true;
}

export function httpResult(status: number, headers: Record<string, string>, body: unknown): HttpResult {
  return { status, headers, body, [HTTP_RESULT]: true };
}

export function isHttpResult(value: unknown): value is HttpResult {
  return typeof value === 'object' && value !== null && (value as Partial<HttpResult>)[HTTP_RESULT] === true;
}

/**
 * Sends an HttpResult a handler returned as its status, headers and body. A Fastify hook rather than a
 * Nest interceptor: an interceptor puts every request of the route through an rxjs pipeline, measured at
 * 8-20% of a cached command's event-loop time.
 */
export function sendHttpResults(fastify: FastifyInstance): void {
  fastify.addHook('preSerialization', (_request, reply, payload, done) => {
    if (!isHttpResult(payload)) return done(null, payload);
    reply.status(payload.status);
    for (const name in payload.headers) reply.header(name, payload.headers[name]);
    done(null, payload.body);
  });
}

export interface Written {
  revision: bigint | null;
  position: bigint | null;
}

/**
 * The answer to a command: the stream revision as a weak ETag and the log position written, so a client
 * can make its next command conditional and wait for the read models to reach its write.
 */
export function commandResult(status: number, written: Written, body: Record<string, unknown>, location?: string): HttpResult {
  const headers: Record<string, string> = {};
  if (written.revision !== null) headers.etag = etagOf(written.revision);
  if (written.position !== null) headers['x-log-position'] = String(written.position);
  if (location) headers.location = location;
  return httpResult(status, headers, {
    ...body,
    revision: written.revision === null ? null : Number(written.revision),
    logPosition: written.position === null ? null : String(written.position),
  });
}


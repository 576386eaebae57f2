import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { AuthenticatedRequest } from '../auth/auth.decorators';

const CLIENT_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** A client's X-Request-Id when it is a plain token, else a new one. */
export const requestIdOf = (header: unknown): string => (typeof header === 'string' && CLIENT_ID.test(header) ? header : randomUUID());

/** X-Correlation-Id, else the trace id of a W3C traceparent, else the request's own id. */
export function correlationIdOf(headers: Record<string, unknown>, requestId: string): string {
  const given = headers['x-correlation-id'];
  if (typeof given === 'string' && CLIENT_ID.test(given)) return given;
  const trace = typeof headers.traceparent === 'string' ? TRACEPARENT.exec(headers.traceparent) : null;
  return trace && !/^0+$/.test(trace[1]) ? trace[1] : requestId;
}

/**
 * The request id is answered in X-Request-Id, and one log line is written per request, when its answer is sent. The
 * correlation id reaches the events through the principal (the auth guard), not through async-local storage, which
 * on Node 20 costs every promise of the process a hook.
 */
export function registerRequestContext(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const principal = (request as FastifyRequest & AuthenticatedRequest).principal;
    // One object per line, the caller's id as a field of its own (pino leaves out the one that is undefined).
    logger.info(
      {
        requestId: request.id,
        method: request.method,
        route: request.routeOptions.url ?? null,
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
        customerId: principal?.kind === 'customer' ? principal.customerId : undefined,
        partnerId: principal && principal.kind !== 'customer' && 'partnerId' in principal ? principal.partnerId : undefined,
      },
      'request',
    );
    done();
  });
}

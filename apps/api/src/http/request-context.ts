import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { AuthenticatedRequest } from '../auth/auth.decorators';

/** What every log line and every event a request causes carries, to go from one to the other. */
export interface RequestContext {
  readonly requestId: string;
  readonly correlationId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The context of the request being handled (undefined outside one: processes, sweeps, tests). */
export const currentRequest = (): RequestContext | undefined => storage.getStore();

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
 * The request id is answered in X-Request-Id; from `preHandler` on (Nest's guards, pipes and handler run inside it)
 * the context is in async-local storage, where the command path reads the correlation id for the events' metadata.
 * One log line per request, when its answer is sent.
 */
export function registerRequestContext(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  fastify.addHook('preHandler', (request, _reply, done) => {
    storage.enterWith({ requestId: request.id, correlationId: correlationIdOf(request.headers, request.id) });
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    logger.info(
      {
        requestId: request.id,
        method: request.method,
        route: request.routeOptions.url ?? null,
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
        ...callerOf(request),
      },
      'request',
    );
    done();
  });
}

function callerOf(request: FastifyRequest): Record<string, string> {
  const principal = (request as FastifyRequest & AuthenticatedRequest).principal;
  if (!principal) return {};
  if (principal.kind === 'customer') return { customerId: principal.customerId };
  return 'partnerId' in principal ? { partnerId: principal.partnerId } : {};
}

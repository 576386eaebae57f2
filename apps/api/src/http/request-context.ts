import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import type { Bindings, ChildLoggerOptions, Logger } from 'pino';
import type { AuthenticatedRequest } from '../auth/auth.decorators';
import type { ApiMetrics } from '../metrics/api-metrics';

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
 * The request id is answered in X-Request-Id; when the answer is sent, the request is written as one log line and
 * counted in the HTTP metrics, both under its route template (never the raw URL: ids would make the metric labels
 * unbounded). The correlation id reaches the events through the principal (the auth guard), not through async-local
 * storage, which on Node 20 costs every promise of the process a hook.
 */
export function registerRequestContext(fastify: FastifyInstance, logger: Logger, metrics?: ApiMetrics): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const principal = (request as FastifyRequest & AuthenticatedRequest).principal;
    // Fastify builds a new object for every read of `routeOptions`.
    const route = request.routeOptions.url;
    // One object per line, the caller's id as a field of its own (pino leaves out the one that is undefined).
    logger.info(
      {
        requestId: request.id,
        method: request.method,
        route: route ?? null,
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
        customerId: principal?.kind === 'customer' ? principal.customerId : undefined,
        partnerId: principal && principal.kind !== 'customer' && 'partnerId' in principal ? principal.partnerId : undefined,
      },
      'request',
    );
    metrics?.observeRequest(request.method, route ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
}

type LogMethod = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * Fastify's own logger of a request (`request.log`), for the little Fastify itself says about a request (a reply sent
 * twice, a failing hook): the request line is ours. Fastify asks for one per request; the pino child, which binds the
 * request id, is made the first time Fastify logs through it.
 */
class RequestLogger {
  private made?: FastifyBaseLogger;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  get level(): string {
    return this.made?.level ?? this.parent.level;
  }

  fatal(...args: unknown[]): void {
    this.log('fatal', args);
  }
  error(...args: unknown[]): void {
    this.log('error', args);
  }
  warn(...args: unknown[]): void {
    this.log('warn', args);
  }
  info(...args: unknown[]): void {
    this.log('info', args);
  }
  debug(...args: unknown[]): void {
    this.log('debug', args);
  }
  trace(...args: unknown[]): void {
    this.log('trace', args);
  }
  silent(): void {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.logger().child(bindings, options);
  }

  private log(method: LogMethod, args: unknown[]): void {
    (this.logger()[method] as (...args: unknown[]) => void)(...args);
  }

  private logger(): FastifyBaseLogger {
    return (this.made ??= this.parent.child(this.bindings, this.options));
  }
}

/** Fastify's `childLoggerFactory`. */
export const requestLogger = (logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger =>
  new RequestLogger(logger, bindings, options) as unknown as FastifyBaseLogger;

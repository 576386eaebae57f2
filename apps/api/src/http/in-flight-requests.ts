import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { problem } from './problem';
import { sendProblem } from './problem.filter';

/** How long a shutdown waits for handlers still running; past it the store is closed under them. */
export const SHUTDOWN_DRAIN_MS = 10_000;

const COUNTED = Symbol('inFlight');

/**
 * Counts requests whose route handler is running, so a shutdown closes the store and the database only after
 * they finished. The HTTP server's own close does not cover them: a client that gave up (a closed socket)
 * leaves its handler running with no connection for the server to wait on.
 *
 * Two Fastify lifecycle hooks: `preHandler` (the route's handler, Nest's guards and pipes included, runs next)
 * and `onSend` (the handler has produced its answer or its error). `onSend` runs even when the client is gone,
 * because the handler still sends; the mark on the request keeps a request counted at most once.
 *
 * The same count bounds the work the process holds: past `maxInFlight` running handlers a request is answered 503
 * at once. Without it, an overloaded API keeps the handlers of clients that gave up running while their retries
 * arrive, and memory grows for as long as the overload lasts. Health checks are always answered.
 */
@Injectable()
export class InFlightRequests implements OnApplicationShutdown {
  private running = 0;
  private idle: Array<() => void> = [];
  private readonly logger = new Logger('shutdown');

  register(fastify: FastifyInstance, maxInFlight: number): void {
    fastify.addHook('preHandler', (request, reply, done) => {
      if (this.running >= maxInFlight && !request.url.startsWith('/health/')) {
        reply.header('retry-after', '1');
        sendProblem(reply, problem(503, 'OVERLOADED', 'The API is busy with other requests; retry shortly.'));
        return;
      }
      (request as FastifyRequest & { [COUNTED]?: true })[COUNTED] = true;
      this.running++;
      done();
    });
    fastify.addHook('onSend', (request, _reply, payload, done) => {
      const counted = request as FastifyRequest & { [COUNTED]?: true };
      if (counted[COUNTED]) {
        counted[COUNTED] = undefined;
        if (--this.running === 0) for (const resolve of this.idle.splice(0)) resolve();
      }
      done(null, payload);
    });
  }

  get inFlight(): number {
    return this.running;
  }

  /** Resolves once no handler runs (or after `timeoutMs`, logged). */
  async drained(timeoutMs = SHUTDOWN_DRAIN_MS): Promise<void> {
    if (this.running === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      new Promise<false>((resolve) => this.idle.push(() => resolve(false))),
      new Promise<true>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (timedOut) this.logger.warn(`${this.running} request handler(s) still running after ${timeoutMs} ms; closing anyway`);
  }

  /** Nest calls this after the HTTP server stopped accepting requests. */
  async onApplicationShutdown(): Promise<void> {
    await this.drained();
  }
}

import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { FastifyInstance, RouteHandlerMethod, RouteOptions } from 'fastify';

/** How long a shutdown waits for handlers still running; past it the store is closed under them. */
export const SHUTDOWN_DRAIN_MS = 10_000;

/**
 * Counts route handlers that are running, so a shutdown closes the store and the database only after
 * they finished. The HTTP server's own close does not cover them: a client that gave up (a closed
 * socket) leaves its handler running with no connection for the server to wait on.
 *
 * Each route's handler is wrapped when Fastify registers it (a Nest interceptor would put every request
 * through rxjs). Register it last among the `onRoute` hooks, so that it wraps any handler they replaced.
 */
@Injectable()
export class InFlightRequests implements OnApplicationShutdown {
  private running = 0;
  private idle: Array<() => void> = [];
  private readonly logger = new Logger('shutdown');

  register(fastify: FastifyInstance): void {
    fastify.addHook('onRoute', (route: RouteOptions) => {
      route.handler = this.wrap(route.handler);
    });
  }

  private wrap(handler: RouteHandlerMethod): RouteHandlerMethod {
    const enter = () => void this.running++;
    const leave = () => {
      if (--this.running === 0) for (const resolve of this.idle.splice(0)) resolve();
    };
    return function (this: FastifyInstance, request, reply) {
      enter();
      let result: unknown;
      try {
        result = handler.call(this, request, reply);
      } catch (error) {
        leave();
        throw error;
      }
      if (!(result instanceof Promise)) {
        leave();
        return result;
      }
      return result.finally(leave);
    };
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

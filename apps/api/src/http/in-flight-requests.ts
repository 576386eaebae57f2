import { Injectable, Logger, type CallHandler, type NestInterceptor, type OnApplicationShutdown } from '@nestjs/common';
import { Observable } from 'rxjs';

/** How long a shutdown waits for handlers still running; past it the store is closed under them. */
export const SHUTDOWN_DRAIN_MS = 10_000;

/**
 * Counts route handlers that are running, so a shutdown closes the store and the database only after
 * they finished. The HTTP server's own close does not cover them: a client that gave up (a closed
 * socket) leaves its handler running with no connection for the server to wait on.
 */
@Injectable()
export class InFlightRequests implements NestInterceptor, OnApplicationShutdown {
  private running = 0;
  private idle: Array<() => void> = [];
  private readonly logger = new Logger('shutdown');

  intercept(_context: unknown, next: CallHandler): Observable<unknown> {
    return new Observable((subscriber) => {
      this.running++;
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        if (--this.running === 0) for (const resolve of this.idle.splice(0)) resolve();
      };
      const subscription = next.handle().subscribe({
        next: (value) => subscriber.next(value),
        error: (error) => {
          finish();
          subscriber.error(error);
        },
        complete: () => {
          finish();
          subscriber.complete();
        },
      });
      return () => {
        subscription.unsubscribe();
        finish();
      };
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

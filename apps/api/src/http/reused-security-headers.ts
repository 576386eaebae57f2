import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

type HelmetReply = FastifyReply & { helmet?: () => unknown; cspNonce?: unknown };

/**
 * The security headers @fastify/helmet sets, computed once and then reused, for a route registered with
 * `helmet: false`. The plugin's own hook builds helmet's middleware anew on every request (tens of µs,
 * a third of a cached GET); its headers depend only on the plugin's options, so the first request runs
 * the plugin's documented `reply.helmet()` and later ones set the same headers. With per-request CSP
 * nonces the headers differ each time, so then every request runs `reply.helmet()`.
 */
export class ReusedSecurityHeaders {
  private headers: [string, number | string | string[]][] | undefined;

  /** For the route's `onRequest` list, first, so every answer (a 429 included) carries the headers. */
  readonly hook = (_request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    this.apply(reply);
    done();
  };

  apply(reply: HelmetReply): void {
    const raw = reply.raw;
    if (this.headers) {
      for (const [name, value] of this.headers) raw.setHeader(name, value);
      return;
    }
    // No helmet registered (an app without it): nothing to set, as on its other routes.
    if (typeof reply.helmet !== 'function') return;
    const before = new Set(raw.getHeaderNames());
    reply.helmet();
    if (reply.cspNonce) return;
    this.headers = Object.entries(raw.getHeaders())
      .filter(([name, value]) => !before.has(name) && value !== undefined)
      .map(([name, value]) => [name, value as number | string | string[]]);
  }
}

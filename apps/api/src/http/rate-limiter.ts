import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface RateLimitOptions {
  /** Requests per key per window. */
  max: number;
  windowMs: number;
  /** A key per caller; a promise only when it must first verify something (an unknown token). */
  keyOf(request: FastifyRequest): string | Promise<string>;
  /** Answers a request over its budget (the headers, retry-after included, are already set). */
  refuse(reply: FastifyReply, retryAfterSeconds: number): void;
  now?: () => number;
}

/**
 * Fixed-window counters per key in this process's memory, as @fastify/rate-limit's local store keeps them,
 * but decided synchronously: that plugin's async hook cost about a quarter of a cached GET. The counters
 * start again together at each window boundary, which also bounds the map to the keys seen in one window.
 */
export class RateLimiter {
  private counts = new Map<string, number>();
  private windowEnds = 0;
  private readonly now: () => number;

  constructor(private readonly options: RateLimitOptions) {
    this.now = options.now ?? Date.now;
  }

  /** How many requests the key has left after this one, or null when it is over its budget. */
  take(key: string): { remaining: number; resetInSeconds: number } | null {
    const now = this.now();
    if (now >= this.windowEnds) {
      this.counts = new Map();
      this.windowEnds = now + this.options.windowMs;
    }
    const used = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, used);
    const resetInSeconds = Math.ceil((this.windowEnds - now) / 1000);
    return used > this.options.max ? null : { remaining: this.options.max - used, resetInSeconds };
  }

  /** Every request passes through; one over its budget is answered 429 with a problem document. */
  register(fastify: FastifyInstance): void {
    fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
      const key = this.options.keyOf(request);
      if (typeof key === 'string') return this.admit(key, reply, done);
      key.then((resolved) => this.admit(resolved, reply, done), done);
    });
  }

  private admit(key: string, reply: FastifyReply, done: () => void): void {
    const left = this.take(key);
    const reset = left?.resetInSeconds ?? Math.ceil((this.windowEnds - this.now()) / 1000);
    reply.header('x-ratelimit-limit', this.options.max);
    reply.header('x-ratelimit-remaining', left?.remaining ?? 0);
    reply.header('x-ratelimit-reset', reset);
    if (left) return done();
    reply.header('retry-after', reset);
    this.options.refuse(reply, reset);
  }
}

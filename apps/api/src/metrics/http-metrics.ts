import type { FastifyInstance } from 'fastify';
import type { ApiMetrics } from './api-metrics';

/** Every answered request, by its route template (never the raw URL: ids would make the labels unbounded). */
export function registerHttpMetrics(fastify: FastifyInstance, metrics: ApiMetrics): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.observeRequest(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { context, contextOfTraceparent, SpanKind, SpanStatusCode, trace, tracer, tracingOn, type Span } from '@app/tracing';

/**
 * With traces on (README, "Traces"), one server span per request, continuing the caller's W3C `traceparent` when it
 * sends one. From `preHandler` on (Nest's guards, pipes and handler run inside it) the span is the current one, so the
 * command's and the append's spans are its children and the appended events carry its trace. Off: no hook at all.
 */
export function registerRequestTracing(fastify: FastifyInstance): void {
  if (!tracingOn()) return;
  const spans = new WeakMap<FastifyRequest, { span: Span; parent: ReturnType<typeof contextOfTraceparent> }>();
  fastify.addHook('onRequest', (request, _reply, done) => {
    const route = request.routeOptions.url;
    const parent = contextOfTraceparent(request.headers.traceparent);
    const span = tracer().startSpan(
      route ? `${request.method} ${route}` : request.method,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, ...(route && { 'http.route': route }) } },
      parent,
    );
    spans.set(request, { span, parent });
    done();
  });
  fastify.addHook('preHandler', (request, _reply, done) => {
    const traced = spans.get(request);
    if (!traced) return done();
    context.with(trace.setSpan(traced.parent, traced.span), done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const traced = spans.get(request);
    if (traced) {
      traced.span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) traced.span.setStatus({ code: SpanStatusCode.ERROR });
      traced.span.end();
      spans.delete(request);
    }
    done();
  });
  // A client that goes away before the answer: the span ends too.
  fastify.addHook('onRequestAbort', (request, done) => {
    spans.get(request)?.span.end();
    spans.delete(request);
    done();
  });
}

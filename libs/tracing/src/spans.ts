import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
} from '@opentelemetry/api';

/**
 * The spans every process makes, through `@opentelemetry/api` only: the SDK (`./sdk`) is loaded and registered only
 * when an exporter is configured. Until then `tracingOn()` is false and every helper here calls its function
 * directly, so traces off cost one boolean test per span.
 */
let on = false;

export const tracingOn = (): boolean => on;

/** Called by `startTracing` once a tracer provider, the W3C propagator and the async context manager are registered. */
export function markTracingOn(value = true): void {
  on = value;
}

/** The one tracer of every span this product makes. */
export const tracer = () => trace.getTracer('csp-relationships');

export interface SpanOptions {
  readonly kind?: SpanKind;
  readonly attributes?: Attributes;
  /** The parent (a stored or incoming traceparent's context); the active context when omitted. */
  readonly parent?: Context;
  readonly links?: Link[];
}

/**
 * Runs `fn` inside a new span made current (so spans `fn` starts are its children), ending it when `fn` settles;
 * a rejection is recorded on the span and rethrown.
 */
export function inSpan<T>(name: string, options: SpanOptions, fn: (span?: Span) => Promise<T>): Promise<T> {
  // Off: `fn`'s own promise, not one more wrapped around it.
  return on ? inNewSpan(name, options, fn) : fn();
}

async function inNewSpan<T>(name: string, options: SpanOptions, fn: (span?: Span) => Promise<T>): Promise<T> {
  const parent = options.parent ?? context.active();
  const span = tracer().startSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes, links: options.links },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span));
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    span.end();
  }
}

/** The W3C traceparent of the current span (what appended events store in their metadata); undefined when off. */
export function currentTraceparent(): string | undefined {
  if (!on) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** The context a traceparent (an incoming header, a stored event's metadata) names, to start a child span in. */
export function contextOfTraceparent(traceparent: unknown): Context {
  return typeof traceparent === 'string' ? propagation.extract(ROOT_CONTEXT, { traceparent }) : ROOT_CONTEXT;
}

/**
 * Links to the spans stored traceparents name: a batch handles events of many traces, so its span is a root linked to
 * each (the first `max`, as collectors cap links per span). Empty when traces are off.
 */
export function linksToTraceparents(items: readonly { readonly traceparent?: string }[], max = 128): Link[] {
  const links: Link[] = [];
  if (!on) return links;
  for (const { traceparent } of items) {
    if (links.length >= max) break;
    const spanContext = trace.getSpanContext(contextOfTraceparent(traceparent));
    if (spanContext && trace.isSpanContextValid(spanContext)) links.push({ context: spanContext });
  }
  return links;
}

/**
 * A batch of stored events handled at once (a projection's, the webhook outbox's): one span per batch, a root of its
 * own (the events come from many requests) linked to the appends that wrote them.
 */
export function inBatchSpan<T>(name: string, events: readonly { readonly traceparent?: string }[], fn: () => Promise<T>): Promise<T> {
  if (!on) return fn();
  const attributes = { 'messaging.batch.message_count': events.length };
  return inSpan(name, { parent: ROOT_CONTEXT, attributes, links: linksToTraceparents(events) }, fn);
}

export { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, trace, type Context, type Span };

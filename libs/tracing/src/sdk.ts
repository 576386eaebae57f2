import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { markTracingOn } from './spans';
import type { TracingSettings } from './settings';

/**
 * Registers the tracer provider, the W3C trace-context propagator and the async-local-storage context manager for this
 * process (or thread). `exporter` replaces the configured one (the specs pass an in-memory exporter; its spans are
 * then exported as each ends).
 */
export async function startTracing(
  settings: Pick<TracingSettings, 'exporter' | 'serviceName'>,
  exporter?: SpanExporter,
): Promise<{ shutdown(): Promise<void> }> {
  const processor = exporter ? new SimpleSpanProcessor({ exporter }) : await processorFor(settings.exporter);
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.serviceName }),
    spanProcessors: [processor],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  markTracingOn();
  return {
    async shutdown() {
      markTracingOn(false);
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}

async function processorFor(exporter: TracingSettings['exporter']): Promise<SpanProcessor> {
  if (exporter === 'console') return new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() });
  // Loaded only here: the OTLP exporter and its protocol code are not needed otherwise.
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
  return new BatchSpanProcessor({ exporter: new OTLPTraceExporter() });
}

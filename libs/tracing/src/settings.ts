/**
 * The standard OpenTelemetry variables this product reads (the OTLP exporter itself reads the rest of `OTEL_EXPORTER_OTLP_*`):
 * OTEL_TRACES_EXPORTER `none` (default: off), `otlp` (OTLP over HTTP to OTEL_EXPORTER_OTLP_ENDPOINT, default
 * http://localhost:4318) or `console` (spans as text on stdout, for a look without a collector);
 * OTEL_SERVICE_NAME (default: the process's own name).
 */
export interface TracingSettings {
  readonly exporter: 'none' | 'otlp' | 'console';
  readonly serviceName: string;
}

const EXPORTERS = ['none', 'otlp', 'console'] as const;

export function readTracingSettings(env: NodeJS.ProcessEnv, defaultServiceName: string): TracingSettings {
  const exporter = (env.OTEL_TRACES_EXPORTER || 'none').trim();
  if (!(EXPORTERS as readonly string[]).includes(exporter)) {
    throw new Error(`OTEL_TRACES_EXPORTER must be one of ${EXPORTERS.join(', ')} (got ${JSON.stringify(exporter)})`);
  }
  return { exporter: exporter as TracingSettings['exporter'], serviceName: env.OTEL_SERVICE_NAME || defaultServiceName };
}

/**
 * Starts tracing as the environment says; with `none` nothing is loaded. Returns how to flush and stop (call it at
 * shutdown: spans still batched are exported then).
 */
export async function startTracingFromEnv(env: NodeJS.ProcessEnv, defaultServiceName: string): Promise<{ shutdown(): Promise<void> }> {
  const settings = readTracingSettings(env, defaultServiceName);
  if (settings.exporter === 'none') return { shutdown: async () => undefined };
  const { startTracing } = await import('./sdk');
  return startTracing(settings);
}

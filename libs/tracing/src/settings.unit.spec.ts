import { readTracingSettings } from './settings';

describe('readTracingSettings: the standard OTEL_* variables', () => {
  it('is off by default, named after the process', () => {
    expect(readTracingSettings({}, 'csp-api')).toEqual({ exporter: 'none', serviceName: 'csp-api' });
  });

  it('takes the exporter and the service name given', () => {
    expect(readTracingSettings({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_SERVICE_NAME: 'api-eu' }, 'csp-api')).toEqual({
      exporter: 'otlp',
      serviceName: 'api-eu',
    });
  });

  it('refuses an exporter it does not have, naming the variable', () => {
    expect(() => readTracingSettings({ OTEL_TRACES_EXPORTER: 'zipkin' }, 'csp-api')).toThrow(
      /OTEL_TRACES_EXPORTER must be one of none, otlp, console/,
    );
  });
});

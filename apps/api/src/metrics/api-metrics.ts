import { DomainError } from '@app/domain';
import { StreamRevisionConflictError } from '@app/event-store';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The outcome of a command as operators count it. */
export type CommandOutcome = 'accepted' | 'refused' | 'conflict' | 'failed';

export interface ProjectionLag {
  readonly name: string;
  readonly lagEvents: number;
  readonly lagSeconds: number;
  readonly eventsApplied: number;
}

/**
 * The API's Prometheus metrics, one registry per process: HTTP requests by route and status, commands by name and
 * outcome, append latency, the read models' lag, and Node's own process and event-loop metrics.
 */
export class ApiMetrics {
  readonly registry = new Registry();
  private readonly requests = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, route template and status, from the first byte read to the last byte sent.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly commands = new Counter({
    name: 'commands_total',
    help: 'Commands run by the command path, by name and outcome (accepted, refused by a rule, revision conflict, failed).',
    labelNames: ['command', 'outcome'],
    registers: [this.registry],
  });
  private readonly appends = new Histogram({
    name: 'event_store_append_duration_seconds',
    help: 'Appends of a command to the event store, from the call to the acknowledgement.',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  private readonly lagEvents = this.gauge('read_model_lag_events', 'Events in the log not yet applied by the projection (capped).');
  private readonly lagSeconds = this.gauge('read_model_lag_seconds', 'Age of the newest log event minus age of the newest applied event.');
  private readonly applied = this.gauge('read_model_events_applied', 'Events applied by the active generation of the projection.');

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.requests.observe({ method, route, status: String(status) }, seconds);
  }

  countCommand(command: string, outcome: CommandOutcome): void {
    this.commands.inc({ command, outcome });
  }

  observeAppend(seconds: number): void {
    this.appends.observe(seconds);
  }

  setProjections(projections: readonly ProjectionLag[]): void {
    for (const p of projections) {
      this.lagEvents.set({ projection: p.name }, p.lagEvents);
      this.lagSeconds.set({ projection: p.name }, p.lagSeconds);
      this.applied.set({ projection: p.name }, p.eventsApplied);
    }
  }

  private gauge(name: string, help: string): Gauge {
    return new Gauge({ name, help, labelNames: ['projection'], registers: [this.registry] });
  }
}

/** A refusal's kind, from the error the command path threw. */
export function outcomeOf(error: unknown): CommandOutcome {
  if (error instanceof DomainError) return 'refused';
  if (error instanceof StreamRevisionConflictError) return 'conflict';
  return 'failed';
}

import { Kysely } from 'kysely';
import { allProjections } from '../all-projections';
import { Projection } from '../projection';
import { EventSource } from '../sources/event-source';
import { migrateReadModels } from './generations';
import { silentLogger } from '@app/logging';
import { projectionStatuses, ProjectionStatus } from './projection-status';
import { ProjectionRunner, RunnerOptions } from './projection-runner';

export interface ProjectorOptions extends Omit<RunnerOptions, 'rebuildGeneration'> {
  readonly db: Kysely<any>;
  readonly source: EventSource;
  readonly projections?: readonly Projection[];
}

export interface ProjectorHealth {
  readonly status: 'ok' | 'degraded';
  readonly projections: readonly ProjectionStatus[];
}

/** Every projection as its own runner over one event source and one database. */
export class Projector {
  private constructor(
    private readonly options: ProjectorOptions,
    readonly runners: readonly ProjectionRunner[],
  ) {}

  static async start(options: ProjectorOptions): Promise<Projector> {
    await migrateReadModels(options.db);
    const projections = options.projections ?? allProjections;
    // One subscription for all: the log is read and decoded once.
    const runners = [new ProjectionRunner(options.db, options.source, projections, options).start()];
    (options.logger ?? silentLogger).info('projector started', { projections: projections.map((p) => p.name) });
    return new Projector(options, runners);
  }

  async stop(): Promise<void> {
    await Promise.all(this.runners.map((r) => r.stop()));
  }

  status(countLimit?: number): Promise<ProjectionStatus[]> {
    return projectionStatuses(
      this.options.db,
      this.options.source,
      this.runners.flatMap((r) => r.projections),
      (name) => this.runners.find((r) => r.projections.some((p) => p.name === name))?.status(name),
      countLimit,
    );
  }

  health(maxLagSeconds = 30): Promise<ProjectorHealth> {
    return readModelsHealth(this.options.db, this.options.source, this, maxLagSeconds);
  }
}

/**
 * For the API's health check: degraded when a projection is retrying, not created, outdated or more
 * than `maxLagSeconds` behind. Works without a projector in this process (`PROJECTOR=off`).
 */
export async function readModelsHealth(
  db: Kysely<any>,
  source: EventSource,
  projector?: Projector,
  maxLagSeconds = 30,
): Promise<ProjectorHealth> {
  const projections = projector ? await projector.status(1000) : await projectionStatuses(db, source, allProjections, undefined, 1000);
  const healthy = projections.every((p) => !['reconnecting', 'not-created', 'outdated'].includes(p.state) && p.lagSeconds <= maxLagSeconds);
  return { status: healthy ? 'ok' : 'degraded', projections };
}

/** Each projection's state and lag in one line: what a failed health check says. */
export const describeProjections = (projections: readonly ProjectionStatus[]): string =>
  projections.map((p) => `${p.name}: ${p.state}, ${p.lagSeconds} s behind`).join('; ');

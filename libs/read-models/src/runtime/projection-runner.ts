import { Kysely } from 'kysely';
import { comparePositions, LogPosition, Projection, ProjectionEvent } from '../projection';
import { EventSource } from '../sources/event-source';
import { inBatchSpan } from '@app/tracing';
import { LockedFollower, type FollowerRounds } from './locked-follower';
import { applyBatchToAll, BatchStep, GenerationRetiredError } from './apply-batch';
import { analyzeGenerationTables, createGenerationIndexes } from './generation-tables';
import { activate, Generation, generationToFollow, readGeneration } from './generations';
import { silentLogger, type Logger } from '@app/logging';

export type RunnerState = 'starting' | 'waiting-for-lock' | 'catching-up' | 'live' | 'reconnecting' | 'stopped' | 'done';

export interface RunnerOptions {
  readonly batchSize?: number;
  /** How long a partial batch waits for more events before it is applied anyway. */
  readonly lingerMs?: number;
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  readonly lockPollMs?: number;
  readonly logger?: Logger;
  /** Rebuild mode (one projection): build this new generation from the start, switch readers over once caught up, then stop. */
  readonly rebuildGeneration?: number;
  readonly onStep?: (step: BatchStep) => void;
  readonly onProgress?: (progress: {
    name: string;
    generation: number;
    applied: number;
    checkpoint: LogPosition;
    caughtUp: boolean;
  }) => void;
}

export interface RunnerStatus {
  readonly name: string;
  readonly state: RunnerState;
  readonly generation?: number;
  readonly lastError?: string;
}

/** A catch-up this long changed the tables enough for the planner's statistics to be stale. */
const ANALYZE_AFTER = 10_000;

/**
 * Runs a group of projections over one catch-up subscription from the lowest of their stored checkpoints
 * (the log is read and decoded once for all of them): batches, one transaction per batch for all projections,
 * each with its checkpoint (a projection already past an event skips it), reconnect with exponential backoff,
 * and the switch to a newer generation when a projection's version changed or a rebuild finished.
 */
export class ProjectionRunner {
  readonly projections: readonly Projection[];
  private state: RunnerState = 'starting';
  private generations = new Map<string, number>();
  private chosen: Generation[] = [];
  private lastError?: string;
  private readonly follower: LockedFollower;
  private running?: Promise<void>;

  constructor(
    private readonly db: Kysely<any>,
    private readonly source: EventSource,
    projections: Projection | readonly Projection[],
    private readonly options: RunnerOptions = {},
  ) {
    this.projections = Array.isArray(projections) ? projections : [projections as Projection];
    if (this.projections.length === 0) throw new Error('ProjectionRunner needs at least one projection');
    if (options.rebuildGeneration !== undefined && this.projections.length !== 1) throw new Error('a rebuild runs one projection');
    this.follower = new LockedFollower(db, this.rounds(), options);
  }

  /** The single projection of a one-projection runner. */
  get projection(): Projection {
    return this.projections[0];
  }

  start(): this {
    this.running ??= this.follower.start().then(() => {
      if (this.state !== 'done') this.state = 'stopped';
    });
    return this;
  }

  /** Resolves when a rebuild has switched over (rebuild mode) or the runner was stopped. */
  whenDone(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    await this.follower.stop();
    await this.running;
    this.state = 'stopped';
  }

  status(name = this.projection.name): RunnerStatus {
    return { name, state: this.state, generation: this.generations.get(name), lastError: this.lastError };
  }

  private get log(): Logger {
    return this.options.logger ?? silentLogger;
  }

  private rounds(): FollowerRounds {
    return {
      lockName: async () => {
        this.chosen = [];
        for (const projection of this.projections) this.chosen.push(await this.chooseGeneration(projection));
        this.generations = new Map(this.chosen.map((g) => [g.name, g.generation]));
        return this.chosen.map((g) => `${g.name}@${g.generation}`).join(',');
      },
      waitingForLock: () => (this.state = 'waiting-for-lock'),
      follow: async (resetBackoff) => {
        const finished = await this.follow(this.chosen, resetBackoff);
        if (finished) this.state = 'done';
        return finished;
      },
      failed: (error, retryInMs) => {
        if (error instanceof GenerationRetiredError) {
          this.log.info('projection switched to a newer generation', { projection: error.projection, from: error.generation });
          return false;
        }
        this.lastError = error.message;
        this.state = 'reconnecting';
        this.log.warn('projection interrupted; retrying', { projections: [...this.generations.keys()], error: this.lastError, retryInMs });
        return true;
      },
    };
  }

  private async chooseGeneration(projection: Projection): Promise<Generation> {
    const name = projection.name;
    if (this.options.rebuildGeneration !== undefined) {
      const generation = await readGeneration(this.db, name, this.options.rebuildGeneration);
      if (!generation) throw new Error(`projection ${name} has no generation ${this.options.rebuildGeneration}`);
      return generation;
    }
    return generationToFollow(this.db, projection);
  }

  /** Follows the log into the chosen generations; returns true when a rebuild has been switched over. */
  private async follow(chosen: readonly Generation[], onSuccess: () => void): Promise<boolean> {
    const current: Generation[] = [];
    for (const g of chosen) {
      const generation = await readGeneration(this.db, g.name, g.generation);
      if (!generation || generation.state === 'retired') throw new GenerationRetiredError(g.name, g.generation);
      current.push(generation);
    }
    const building = new Set(current.filter((g) => g.state === 'building').map((g) => g.name));
    const projections = this.projections.map((projection) => ({
      projection,
      generation: current.find((g) => g.name === projection.name)!.generation,
    }));
    this.state = 'catching-up';
    // Everything after the lowest checkpoint; projections further ahead skip what they already have.
    const from = current.some((g) => !g.checkpoint)
      ? undefined
      : current.map((g) => g.checkpoint!).reduce((low, p) => (comparePositions(p, low) < 0 ? p : low));
    let caughtUp = false;
    let appliedInCatchUp = 0;
    const batching = { batchSize: this.options.batchSize ?? 1000, lingerMs: this.options.lingerMs ?? 10 };
    return this.follower.batches(this.source, from, batching, async (batch) => {
      await this.flush(projections, batch.events, caughtUp, onSuccess);
      if (!caughtUp) appliedInCatchUp += batch.events.length;
      if (!batch.caughtUp) return false;
      if (!caughtUp) {
        // A generation is loaded without its secondary indexes (cheaper to build once than to maintain
        // row by row); they are built here, before a building generation serves readers.
        for (const { projection, generation } of projections) await createGenerationIndexes(this.db, projection, generation);
        if (appliedInCatchUp >= ANALYZE_AFTER) {
          for (const { projection, generation } of projections) await analyzeGenerationTables(this.db, projection, generation);
        }
      }
      caughtUp = true;
      this.state = 'live';
      for (const { projection, generation } of projections) {
        if (!building.has(projection.name)) continue;
        await activate(this.db, projection.name, generation);
        building.delete(projection.name);
        this.log.info('projection generation caught up and now serves readers', { projection: projection.name, generation });
        const checkpoint = (await readGeneration(this.db, projection.name, generation))?.checkpoint ?? { commit: 0, prepare: 0 };
        this.options.onProgress?.({ name: projection.name, generation, applied: 0, checkpoint, caughtUp });
      }
      // A rebuild is done once caught up (its generation was active from the start when it was the first).
      return this.options.rebuildGeneration !== undefined;
    });
  }

  /** One transaction for all projections: one commit per batch, whatever the number of projections. */
  private async flush(
    projections: readonly { projection: Projection; generation: number }[],
    events: readonly ProjectionEvent[],
    caughtUp: boolean,
    onSuccess: () => void,
  ): Promise<void> {
    if (events.length === 0) return;
    const results = await inBatchSpan('project', events, () => applyBatchToAll(this.db, projections, events, this.options.onStep));
    results.forEach((result, i) => {
      const { projection, generation } = projections[i];
      if (result.checkpoint) {
        this.options.onProgress?.({ name: projection.name, generation, applied: result.applied, checkpoint: result.checkpoint, caughtUp });
      }
    });
    onSuccess();
  }
}

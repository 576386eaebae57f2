import { Kysely } from 'kysely';
import { comparePositions, LogPosition, Projection, ProjectionEvent } from '../projection';
import { EventSource } from '../sources/event-source';
import { eventBatches } from '../sources/batches';
import { jitteredPause } from './jittered-pause';
import { acquireProjectionLock, HeldLock } from './advisory-lock';
import { inBatchSpan } from '@app/tracing';
import { applyBatchToAll, BatchStep, GenerationRetiredError } from './apply-batch';
import { analyzeGenerationTables, createGenerationIndexes } from './generation-tables';
import { activate, activeGeneration, createGeneration, Generation, listGenerations, readGeneration } from './generations';
import { ProjectorLogger, silentLogger } from './logger';

export type RunnerState = 'starting' | 'waiting-for-lock' | 'catching-up' | 'live' | 'reconnecting' | 'stopped' | 'done';

export interface RunnerOptions {
  readonly batchSize?: number;
  /** How long a partial batch waits for more events before it is applied anyway. */
  readonly lingerMs?: number;
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  readonly lockPollMs?: number;
  readonly logger?: ProjectorLogger;
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
  private lastError?: string;
  private stopped = false;
  private running?: Promise<void>;
  private wakeUp?: () => void;
  private closeCurrent?: () => Promise<void>;

  constructor(
    private readonly db: Kysely<any>,
    private readonly source: EventSource,
    projections: Projection | readonly Projection[],
    private readonly options: RunnerOptions = {},
  ) {
    this.projections = Array.isArray(projections) ? projections : [projections as Projection];
    if (this.projections.length === 0) throw new Error('ProjectionRunner needs at least one projection');
    if (options.rebuildGeneration !== undefined && this.projections.length !== 1) throw new Error('a rebuild runs one projection');
  }

  /** The single projection of a one-projection runner. */
  get projection(): Projection {
    return this.projections[0];
  }

  start(): this {
    this.running ??= this.loop();
    return this;
  }

  /** Resolves when a rebuild has switched over (rebuild mode) or the runner was stopped. */
  whenDone(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.closeCurrent?.();
    await this.running;
    this.state = 'stopped';
  }

  status(name = this.projection.name): RunnerStatus {
    return { name, state: this.state, generation: this.generations.get(name), lastError: this.lastError };
  }

  private get log(): ProjectorLogger {
    return this.options.logger ?? silentLogger;
  }

  private async loop(): Promise<void> {
    const backoff = this.options.backoff ?? { initialMs: 100, maxMs: 5000 };
    let wait = backoff.initialMs;
    while (!this.stopped) {
      let lock: HeldLock | undefined;
      try {
        const chosen: Generation[] = [];
        for (const projection of this.projections) chosen.push(await this.chooseGeneration(projection));
        this.generations = new Map(chosen.map((g) => [g.name, g.generation]));
        this.state = 'waiting-for-lock';
        lock = await acquireProjectionLock(this.db, chosen.map((g) => `${g.name}@${g.generation}`).join(','), {
          pollMs: this.options.lockPollMs,
          isStopped: () => this.stopped,
        });
        if (!lock) break;
        const finished = await this.follow(chosen, () => (wait = backoff.initialMs));
        if (finished) {
          this.state = 'done';
          return;
        }
      } catch (error) {
        if (this.stopped) break;
        if (error instanceof GenerationRetiredError) {
          this.log.info('projection switched to a newer generation', { projection: error.projection, from: error.generation });
          continue;
        }
        this.lastError = (error as Error).message;
        this.state = 'reconnecting';
        this.log.warn('projection interrupted; retrying', {
          projections: [...this.generations.keys()],
          error: this.lastError,
          retryInMs: wait,
        });
        await jitteredPause(wait, (wake) => (this.wakeUp = wake));
        wait = Math.min(wait * 2, backoff.maxMs);
      } finally {
        await lock?.release();
      }
    }
    this.state = 'stopped';
  }

  private async chooseGeneration(projection: Projection): Promise<Generation> {
    const name = projection.name;
    if (this.options.rebuildGeneration !== undefined) {
      const generation = await readGeneration(this.db, name, this.options.rebuildGeneration);
      if (!generation) throw new Error(`projection ${name} has no generation ${this.options.rebuildGeneration}`);
      return generation;
    }
    const active = await activeGeneration(this.db, name);
    if (!active) return createGeneration(this.db, projection);
    if (active.version === projection.version) return active;
    const building = (await listGenerations(this.db, name)).filter((g) => g.state === 'building' && g.version === projection.version);
    return building[building.length - 1] ?? createGeneration(this.db, projection);
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
    const subscription = this.source.subscribe(from);
    this.closeCurrent = () => subscription.close();
    let caughtUp = false;
    let appliedInCatchUp = 0;

    const flush = async (events: readonly ProjectionEvent[]) => {
      if (events.length === 0) return;
      if (!caughtUp) appliedInCatchUp += events.length;
      // One transaction for all projections: one commit per batch, whatever the number of projections.
      const results = await inBatchSpan('project', events, () => applyBatchToAll(this.db, projections, events, this.options.onStep));
      results.forEach((result, i) => {
        const { projection, generation } = projections[i];
        if (result.checkpoint) {
          this.options.onProgress?.({
            name: projection.name,
            generation,
            applied: result.applied,
            checkpoint: result.checkpoint,
            caughtUp,
          });
        }
      });
      onSuccess();
    };

    try {
      for await (const batch of eventBatches(subscription, {
        batchSize: this.options.batchSize ?? 1000,
        lingerMs: this.options.lingerMs ?? 10,
      })) {
        if (this.stopped) break;
        await flush(batch.events);
        if (!batch.caughtUp) continue;
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
          await this.db.transaction().execute((trx) => activate(trx, projection.name, generation));
          building.delete(projection.name);
          this.log.info('projection generation caught up and now serves readers', { projection: projection.name, generation });
          const checkpoint = (await readGeneration(this.db, projection.name, generation))?.checkpoint ?? { commit: 0, prepare: 0 };
          this.options.onProgress?.({ name: projection.name, generation, applied: 0, checkpoint, caughtUp });
        }
        // A rebuild is done once caught up (its generation was active from the start when it was the first).
        if (this.options.rebuildGeneration !== undefined) return true;
      }
      if (!this.stopped) throw new Error('the event source ended the subscription');
      return false;
    } finally {
      this.closeCurrent = undefined;
      await subscription.close();
    }
  }
}

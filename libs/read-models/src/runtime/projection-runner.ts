import { Kysely } from 'kysely';
import { LogPosition, Projection, ProjectionEvent } from '../projection';
import { EventSource, SourceMessage } from '../sources/event-source';
import { acquireProjectionLock, HeldLock } from './advisory-lock';
import { applyBatch, BatchStep, GenerationRetiredError } from './apply-batch';
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
  /** Rebuild mode: build this new generation from the start, switch readers over once caught up, then stop. */
  readonly rebuildGeneration?: number;
  readonly onStep?: (step: BatchStep) => void;
  readonly onProgress?: (progress: { generation: number; applied: number; checkpoint: LogPosition; caughtUp: boolean }) => void;
}

export interface RunnerStatus {
  readonly name: string;
  readonly state: RunnerState;
  readonly generation?: number;
  readonly lastError?: string;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const LINGER = Symbol('linger');

/**
 * Runs one projection as a catch-up subscription from its stored checkpoint: batches, one transaction
 * per batch with the checkpoint, reconnect with exponential backoff, and the switch to a newer
 * generation when the projection's version changed or a rebuild finished.
 */
export class ProjectionRunner {
  private state: RunnerState = 'starting';
  private generation?: number;
  private lastError?: string;
  private stopped = false;
  private running?: Promise<void>;
  private wakeUp?: () => void;
  private closeCurrent?: () => Promise<void>;

  constructor(
    private readonly db: Kysely<any>,
    private readonly source: EventSource,
    readonly projection: Projection,
    private readonly options: RunnerOptions = {},
  ) {}

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

  status(): RunnerStatus {
    return { name: this.projection.name, state: this.state, generation: this.generation, lastError: this.lastError };
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
        const generation = await this.chooseGeneration();
        this.generation = generation.generation;
        this.state = 'waiting-for-lock';
        lock = await acquireProjectionLock(this.db, this.projection.name, generation.generation, {
          pollMs: this.options.lockPollMs,
          isStopped: () => this.stopped,
        });
        if (!lock) break;
        const finished = await this.follow(generation.generation, () => (wait = backoff.initialMs));
        if (finished) {
          this.state = 'done';
          return;
        }
      } catch (error) {
        if (this.stopped) break;
        if (error instanceof GenerationRetiredError) {
          this.log.info('projection switched to a newer generation', { projection: this.projection.name, from: error.generation });
          continue;
        }
        this.lastError = (error as Error).message;
        this.state = 'reconnecting';
        this.log.warn('projection interrupted; retrying', { projection: this.projection.name, error: this.lastError, retryInMs: wait });
        await new Promise<void>((resolve) => {
          this.wakeUp = resolve;
          setTimeout(resolve, wait * (0.8 + Math.random() * 0.4));
        });
        wait = Math.min(wait * 2, backoff.maxMs);
      } finally {
        await lock?.release();
      }
    }
    this.state = 'stopped';
  }

  private async chooseGeneration(): Promise<Generation> {
    const name = this.projection.name;
    if (this.options.rebuildGeneration !== undefined) {
      const generation = await readGeneration(this.db, name, this.options.rebuildGeneration);
      if (!generation) throw new Error(`projection ${name} has no generation ${this.options.rebuildGeneration}`);
      return generation;
    }
    const active = await activeGeneration(this.db, name);
    if (!active) return createGeneration(this.db, this.projection);
    if (active.version === this.projection.version) return active;
    const building = (await listGenerations(this.db, name)).filter((g) => g.state === 'building' && g.version === this.projection.version);
    return building[building.length - 1] ?? createGeneration(this.db, this.projection);
  }

  /** Follows the log into one generation; returns true when a rebuild has been switched over. */
  private async follow(generationNumber: number, onSuccess: () => void): Promise<boolean> {
    const generation = await readGeneration(this.db, this.projection.name, generationNumber);
    if (!generation || generation.state === 'retired') throw new GenerationRetiredError(this.projection.name, generationNumber);
    let building = generation.state === 'building';
    this.state = 'catching-up';
    const subscription = this.source.subscribe(generation.checkpoint);
    this.closeCurrent = () => subscription.close();
    const iterator = subscription[Symbol.asyncIterator]();
    const batchSize = this.options.batchSize ?? 1000;
    const lingerMs = this.options.lingerMs ?? 10;
    let batch: ProjectionEvent[] = [];
    let caughtUp = false;

    const flush = async () => {
      if (batch.length === 0) return;
      const events = batch;
      batch = [];
      const result = await applyBatch(this.db, this.projection, generationNumber, events, this.options.onStep);
      onSuccess();
      if (result.checkpoint) {
        this.options.onProgress?.({ generation: generationNumber, applied: result.applied, checkpoint: result.checkpoint, caughtUp });
      }
    };

    try {
      let pending: Promise<IteratorResult<SourceMessage>> | undefined;
      // One linger timer per batch, not per event: it starts with the batch's first event.
      let linger: Promise<typeof LINGER> | undefined;
      while (!this.stopped) {
        pending ??= iterator.next();
        if (batch.length > 0) linger ??= delay(lingerMs).then(() => LINGER);
        else linger = undefined;
        const next = linger ? await Promise.race([pending, linger]) : await pending;
        if (next === LINGER) {
          linger = undefined;
          await flush();
          continue;
        }
        pending = undefined;
        const result = next as IteratorResult<SourceMessage>;
        if (result.done) throw new Error('the event source ended the subscription');
        const message = result.value;
        if (message.kind === 'event') {
          batch.push(message.event);
          if (batch.length >= batchSize) await flush();
          continue;
        }
        await flush();
        caughtUp = true;
        this.state = 'live';
        if (building) {
          await this.db.transaction().execute((trx) => activate(trx, this.projection.name, generationNumber));
          building = false;
          this.log.info('projection generation caught up and now serves readers', { projection: this.projection.name, generation: generationNumber });
          this.options.onProgress?.({ generation: generationNumber, applied: 0, checkpoint: (await readGeneration(this.db, this.projection.name, generationNumber))?.checkpoint ?? { commit: 0, prepare: 0 }, caughtUp });
          if (this.options.rebuildGeneration !== undefined) return true;
        }
      }
      if (!this.stopped) await flush();
      return false;
    } finally {
      this.closeCurrent = undefined;
      await subscription.close();
    }
  }
}

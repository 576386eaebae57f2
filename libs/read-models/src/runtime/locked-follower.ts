import type { Kysely } from 'kysely';
import type { LogPosition } from '../projection';
import type { EventSource } from '../sources/event-source';
import { eventBatches, type EventBatch } from '../sources/batches';
import { acquireProjectionLock, type HeldLock } from './advisory-lock';
import { jitteredPause } from './jittered-pause';

/** What one follower does in each round of its loop. */
export interface FollowerRounds {
  /** The advisory lock the round runs under; asked again every round (a projection's generation may have changed). */
  lockName(): Promise<string>;
  waitingForLock?(): void;
  /** Follows the log under the lock; returns true when the follower's work is finished (a rebuild switched over). */
  follow(resetBackoff: () => void): Promise<boolean>;
  /** A round ended with an error; answers false when the next round should start at once, without backing off. */
  failed(error: Error, retryInMs: number): boolean;
}

export interface FollowerOptions {
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  readonly lockPollMs?: number;
}

/**
 * The life of a checkpointed subscriber that runs in one process at a time (a group of projections, the webhook
 * outbox): take its advisory lock, follow the log until the subscription fails, release the lock, back off (jittered,
 * doubling, reset by every applied batch) and start again; until stopped, or until the rounds say the work is done.
 */
export class LockedFollower {
  private stopped = false;
  private running?: Promise<void>;
  private wakeUp?: () => void;
  private closeCurrent?: () => Promise<void>;

  constructor(
    private readonly db: Kysely<any>,
    private readonly rounds: FollowerRounds,
    private readonly options: FollowerOptions = {},
  ) {}

  get isStopped(): boolean {
    return this.stopped;
  }

  start(): Promise<void> {
    return (this.running ??= this.loop());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.closeCurrent?.();
    await this.running;
  }

  /** Waits `ms`, or less when stopped meanwhile (a follower with nothing to follow yet). */
  idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /**
   * Subscribes from `from` and hands each batch to `apply` until stopped or `apply` answers true (then true); a
   * subscription that ends by itself is an error, so the loop reconnects.
   */
  async batches(
    source: EventSource,
    from: LogPosition | undefined,
    batching: { readonly batchSize: number; readonly lingerMs: number },
    apply: (batch: EventBatch) => Promise<boolean | void>,
  ): Promise<boolean> {
    const subscription = source.subscribe(from);
    this.closeCurrent = () => subscription.close();
    try {
      for await (const batch of eventBatches(subscription, batching)) {
        if (this.stopped) return false;
        if (await apply(batch)) return true;
      }
      if (!this.stopped) throw new Error('the event source ended the subscription');
      return false;
    } finally {
      this.closeCurrent = undefined;
      await subscription.close();
    }
  }

  private async loop(): Promise<void> {
    const backoff = this.options.backoff ?? { initialMs: 100, maxMs: 5000 };
    let wait = backoff.initialMs;
    while (!this.stopped) {
      let lock: HeldLock | undefined;
      try {
        const name = await this.rounds.lockName();
        this.rounds.waitingForLock?.();
        lock = await acquireProjectionLock(this.db, name, { pollMs: this.options.lockPollMs, isStopped: () => this.stopped });
        if (!lock) return;
        if (await this.rounds.follow(() => (wait = backoff.initialMs))) return;
      } catch (error) {
        if (this.stopped) return;
        if (!this.rounds.failed(error as Error, wait)) continue;
        await jitteredPause(wait, (wake) => (this.wakeUp = wake));
        wait = Math.min(wait * 2, backoff.maxMs);
      } finally {
        await lock?.release();
      }
    }
  }
}

import {
  START,
  eventTypeFilter,
  excludeSystemEvents,
  type AllStreamSubscription,
  type EventStoreDBClient,
  type Position,
} from '@eventstore/db-client';
import type { Checkpoint, CheckpointStore } from './checkpoint-store';
import { fromResolvedEvent, type StoredEvent } from './serialization';
import { noUpcasting, type UpcastFn } from './upcasting';

export interface SubscriptionLogger {
  error(message: string, details?: Record<string, unknown>): void;
}

export interface SubscriptionRunnerOptions {
  name: string;
  checkpoints: CheckpointStore;
  handle(event: StoredEvent): Promise<void>;
  /** Streams whose events are not handed to `handle` (e.g. the checkpoint stream itself). */
  ignoreStreams?: readonly string[];
  /**
   * Only these event types are sent by the server (filtered there, so the rest is never decoded here);
   * omitted: every non-system event. Either way the server's filter checkpoints advance the stored
   * checkpoint past events that were filtered out.
   */
  eventTypes?: readonly string[];
  upcast?: UpcastFn;
  logger?: SubscriptionLogger;
  /** Checkpoints are written at most this often; a replay after a crash is harmless because handling is idempotent. */
  checkpointIntervalMs?: number;
  backoff?: { initialMs: number; maxMs: number };
}

/** Considered events between the server's filter checkpoints: 32 × its default search window of 32. */
const CHECKPOINT_INTERVAL_MULTIPLIER = 32;

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A checkpointed catch-up subscription to $all without system events (or with only `eventTypes`). A
 * failure (dropped connection, a handler error) restarts it from the last stored checkpoint after an
 * exponential backoff.
 */
export class SubscriptionRunner {
  private subscription: AllStreamSubscription | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  private pending: Checkpoint | null = null;
  /** The last checkpoint stored (or loaded), so filter checkpoints that add nothing are not written again. */
  private saved: Checkpoint | null = null;
  private lastSave = 0;
  private wake: (() => void) | null = null;
  private flushTimer: NodeJS.Timeout | null = null;
  private saving: Promise<void> = Promise.resolve();
  private readonly upcast: UpcastFn;
  private readonly ignored: Set<string>;
  /** True while `handle` runs for an event taken from the subscription. */
  private handling = false;
  /** A filter checkpoint waiting for the events delivered before it to be handled. */
  private drained: (() => void) | null = null;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: SubscriptionRunnerOptions,
  ) {
    this.upcast = options.upcast ?? noUpcasting;
    this.ignored = new Set(options.ignoreStreams ?? []);
  }

  /** The position of the last event handled in this process, null before the first. */
  handledUpTo: bigint | null = null;

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    this.releaseCheckpoint();
    await this.subscription?.unsubscribe().catch(() => undefined);
    await this.loop;
    await this.flush();
  }

  private async run(): Promise<void> {
    const backoff = this.options.backoff ?? { initialMs: 100, maxMs: 5_000 };
    let delay = backoff.initialMs;
    while (this.running) {
      try {
        await this.consume();
        delay = backoff.initialMs;
      } catch (error) {
        if (!this.running) break;
        this.options.logger?.error(`subscription ${this.options.name} failed; restarting`, { error: String(error), retryInMs: delay });
      }
      if (!this.running) break;
      await this.sleep(delay);
      delay = Math.min(delay * 2, backoff.maxMs);
    }
  }

  private async consume(): Promise<void> {
    await this.flush();
    const from = await this.options.checkpoints.load();
    // stop() may have run while the checkpoint loaded: it found no subscription to cancel, so none may start.
    if (!this.running) return;
    this.saved = from;
    const checkpointReached = (subscription: AllStreamSubscription, position: Position) => this.checkpointReached(subscription, position);
    const types = this.options.eventTypes;
    const subscription = this.client.subscribeToAll({
      fromPosition: from ? { commit: from.commit, prepare: from.prepare } : START,
      filter: types
        ? eventTypeFilter({
            regex: `^(?:${types.map(escapeRegex).join('|')})$`,
            checkpointInterval: CHECKPOINT_INTERVAL_MULTIPLIER,
            checkpointReached,
          })
        : excludeSystemEvents({ checkpointInterval: CHECKPOINT_INTERVAL_MULTIPLIER, checkpointReached }),
    });
    this.subscription = subscription;
    try {
      for await (const resolved of subscription) {
        if (!this.running) break;
        this.handling = true;
        try {
          const position = resolved.event?.position;
          const stored = resolved.event && !this.ignored.has(resolved.event.streamId) ? fromResolvedEvent(resolved, this.upcast) : null;
          if (stored) await this.options.handle(stored);
          if (position && stored) {
            this.advance({ commit: position.commit, prepare: position.prepare });
            this.handledUpTo = position.commit;
            await this.maybeSave();
          }
        } finally {
          this.handling = false;
        }
        if (subscription.readableLength === 0) this.releaseCheckpoint();
      }
    } finally {
      this.subscription = null;
      this.releaseCheckpoint();
      await subscription.unsubscribe().catch(() => undefined);
    }
  }

  /**
   * The server's filter checkpoint: every event up to `position` was considered. The client calls this
   * from its transform while events delivered before it may still be buffered, unhandled; it blocks the
   * transform until those are handled, so storing `position` never skips an event after a restart.
   */
  private async checkpointReached(subscription: AllStreamSubscription, position: Position): Promise<void> {
    if (!this.running || this.subscription !== subscription) return;
    if (this.handling || subscription.readableLength > 0) {
      await new Promise<void>((resolve) => (this.drained = resolve));
    }
    if (!this.running || this.subscription !== subscription) return;
    this.advance({ commit: position.commit, prepare: position.prepare });
    // Saved by the timer, not here: this runs inside the client's stream transform, which must not wait on I/O.
    this.scheduleSave();
  }

  private releaseCheckpoint(): void {
    const drained = this.drained;
    this.drained = null;
    drained?.();
  }

  private advance(checkpoint: Checkpoint): void {
    if (this.pending && this.pending.commit >= checkpoint.commit) return;
    if (this.saved && this.saved.commit >= checkpoint.commit) return;
    this.pending = checkpoint;
  }

  private async maybeSave(): Promise<void> {
    const interval = this.options.checkpointIntervalMs ?? 1_000;
    if (Date.now() - this.lastSave >= interval) return this.flush();
    // A quiet period after a burst must still persist the burst's end.
    this.scheduleSave();
  }

  /** Saves the pending checkpoint as soon as the interval since the last save allows, off the caller's path. */
  private scheduleSave(): void {
    const due = Math.max(0, this.lastSave + (this.options.checkpointIntervalMs ?? 1_000) - Date.now());
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = null;
      this.flush().catch((error) =>
        this.options.logger?.error(`subscription ${this.options.name}: checkpoint not saved`, { error: String(error) }),
      );
    }, due);
  }

  /** Saves the pending checkpoint after any save still running (so they land in order); stop() waits for it. */
  private flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (!this.pending) return this.saving;
    const checkpoint = this.pending;
    this.pending = null;
    this.lastSave = Date.now();
    this.saving = this.saving
      .catch(() => undefined)
      .then(() => this.options.checkpoints.save(checkpoint))
      .then(() => {
        this.saved = checkpoint;
      });
    return this.saving;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }
}

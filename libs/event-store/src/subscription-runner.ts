import { START, excludeSystemEvents, type AllStreamSubscription, type EventStoreDBClient } from '@eventstore/db-client';
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
  upcast?: UpcastFn;
  logger?: SubscriptionLogger;
  /** Checkpoints are written at most this often; a replay after a crash is harmless because handling is idempotent. */
  checkpointIntervalMs?: number;
  backoff?: { initialMs: number; maxMs: number };
}

/**
 * A checkpointed catch-up subscription to $all without system events. A failure (dropped connection, a
 * handler error) restarts it from the last stored checkpoint after an exponential backoff.
 */
export class SubscriptionRunner {
  private subscription: AllStreamSubscription | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  private pending: Checkpoint | null = null;
  private lastSave = 0;
  private wake: (() => void) | null = null;
  private flushTimer: NodeJS.Timeout | null = null;
  private readonly upcast: UpcastFn;
  private readonly ignored: Set<string>;

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
    const subscription = this.client.subscribeToAll({
      fromPosition: from ? { commit: from.commit, prepare: from.prepare } : START,
      filter: excludeSystemEvents(),
    });
    this.subscription = subscription;
    try {
      for await (const resolved of subscription) {
        if (!this.running) break;
        const position = resolved.event?.position;
        const stored = resolved.event && !this.ignored.has(resolved.event.streamId) ? fromResolvedEvent(resolved, this.upcast) : null;
        if (stored) await this.options.handle(stored);
        if (position && stored) {
          this.pending = { commit: position.commit, prepare: position.prepare };
          this.handledUpTo = position.commit;
          await this.maybeSave();
        }
      }
    } finally {
      this.subscription = null;
      await subscription.unsubscribe().catch(() => undefined);
    }
  }

  private async maybeSave(): Promise<void> {
    const interval = this.options.checkpointIntervalMs ?? 1_000;
    if (Date.now() - this.lastSave >= interval) return this.flush();
    // A quiet period after a burst must still persist the burst's end.
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = null;
      this.flush().catch((error) => this.options.logger?.error(`subscription ${this.options.name}: checkpoint not saved`, { error: String(error) }));
    }, interval);
  }

  private async flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (!this.pending) return;
    const checkpoint = this.pending;
    this.pending = null;
    this.lastSave = Date.now();
    await this.options.checkpoints.save(checkpoint);
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

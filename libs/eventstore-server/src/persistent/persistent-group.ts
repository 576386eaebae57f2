import type { EventLog, StoredEvent } from '../storage';
import { Consumer, type ConsumerIdentity, type ConsumerLink, type DropReason } from './consumer';
import { createStrategy, type ConsumerStrategy } from './consumer-strategy';
import { dropped } from './errors';
import { compileFilter, type EventPredicate } from './event-filter';
import { isAllGroup, keyOf, type GroupDefinition } from './group-definition';
import * as groupStreams from './group-streams';
import type { GroupMessage } from './message';
import { Progress } from './progress';

export type NackAction = 'unknown' | 'park' | 'retry' | 'skip' | 'stop';

export type GroupLog = (level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown>) => void;

/** How often timeouts and time-based checkpoints are looked at. */
const TICK_MS = 100;
/** Pages read in one go before yielding to the event loop (a sparse `$all` filter can scan a lot). */
const MAX_PAGES_PER_PUMP = 50;
/** Whatever the settings say, a page and the read-ahead buffer stay this small, so memory stays bounded. */
const MAX_PAGE = 1_000;
const MAX_BUFFERED = 10_000;

/**
 * The running state of one group: reads its source in pages, hands messages to consumers through the
 * consumer strategy, and turns acks, nacks, timeouts and disconnects into retries, parking and checkpoints.
 */
export class PersistentGroup {
  readonly key: string;
  readonly isAll: boolean;
  private readonly consumers: Consumer[] = [];
  private readonly strategy: ConsumerStrategy;
  private readonly filter: EventPredicate | undefined;
  private readonly retries: GroupMessage[] = [];
  private readonly pending: GroupMessage[] = [];
  private readonly progress: Progress;
  private nextPoint: number;
  private caughtUp = false;
  private hasRead = false;
  private lastKnown: number | undefined;
  private lastCheckpoint: number | undefined;
  private lastCheckpointAt = Date.now();
  private checkpointing: Promise<void> | undefined;
  private replaying: Promise<void> = Promise.resolve();
  private readonly writes = new Set<Promise<void>>();
  private nextConsumerId = 1;
  private stopped = false;
  private pumpScheduled = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: () => void;
  private totalItems = 0;
  private measuredTotal = 0;
  private measuredAt = Date.now();

  constructor(
    readonly definition: GroupDefinition,
    private readonly storage: EventLog,
    private readonly log: GroupLog,
  ) {
    this.key = keyOf(definition);
    this.isAll = isAllGroup(definition);
    this.strategy = createStrategy(definition.settings.strategy);
    this.filter = definition.filter ? compileFilter(definition.filter) : undefined;
    this.lastCheckpoint = groupStreams.readCheckpoint(storage, this.key, this.isAll);
    this.progress = new Progress(this.lastCheckpoint);
    this.nextPoint = this.lastCheckpoint === undefined ? definition.firstPoint : this.lastCheckpoint + 1;
    this.unsubscribe = storage.onCommitted(({ touched }) => {
      if (this.isAll || touched.has(definition.eventSource)) {
        this.caughtUp = false;
        this.schedulePump();
      }
    });
  }

  get settings() {
    return this.definition.settings;
  }

  get connections(): readonly Consumer[] {
    return this.consumers;
  }

  get isFull(): boolean {
    const max = this.settings.maxSubscriberCount;
    return max > 0 && this.consumers.length >= max;
  }

  connect(bufferSize: number, identity: ConsumerIdentity, link: ConsumerLink): Consumer {
    // A group being updated, deleted or restarted takes no new connections; the client may retry.
    if (this.stopped) throw dropped(this.definition.eventSource, this.definition.group);
    const consumer = new Consumer(this.nextConsumerId++, bufferSize, identity, link, this.settings.extraStatistics);
    this.consumers.push(consumer);
    this.ensureTicking();
    this.schedulePump();
    return consumer;
  }

  /** The consumer's unacknowledged messages go to the others, counted as a retry. */
  disconnect(consumer: Consumer): void {
    const index = this.consumers.indexOf(consumer);
    if (index < 0) return;
    this.consumers.splice(index, 1);
    const lost = [...consumer.inFlight.values()].map((entry) => entry.message);
    consumer.inFlight.clear();
    lost.sort((a, b) => (a.sequence ?? 0) - (b.sequence ?? 0));
    for (const message of lost) this.retryOrPark(message);
    this.schedulePump();
  }

  ack(consumer: Consumer, ids: readonly string[]): void {
    const now = Date.now();
    for (const id of ids) {
      const entry = this.settle(consumer, id, now, true);
      if (entry) this.finish(entry);
    }
    this.maybeCheckpoint(false);
    this.pushNow();
  }

  nack(consumer: Consumer, ids: readonly string[], action: NackAction, reason: string): void {
    // Stop changes nothing on ESDB 24.10: the message stays in flight until it times out.
    if (action === 'stop') return;
    const now = Date.now();
    for (const id of ids) {
      const message = this.settle(consumer, id, now, false);
      if (!message) continue;
      if (action === 'skip') this.finish(message);
      else if (action === 'park') this.park(message, reason);
      else this.retryOrPark(message);
    }
    this.maybeCheckpoint(false);
    this.pushNow();
  }

  /**
   * Re-queues parked messages in parking order with a fresh retry count, at most `limit` of them. Replays
   * run one at a time, so two requests never re-queue the same parked message.
   */
  replayParked(limit: number | undefined): Promise<void> {
    const run = this.replaying.then(() => this.replayParkedNow(limit));
    this.replaying = run.catch(() => undefined);
    return run;
  }

  private async replayParkedNow(limit: number | undefined): Promise<void> {
    const available = groupStreams.parkedCount(this.storage, this.key);
    const links = groupStreams.readParked(this.storage, this.key, Math.min(limit ?? available, available));
    if (links.length === 0) return;
    for (const link of links) {
      const original = this.storage.resolveLink(link);
      if (!original) continue;
      const event = this.settings.resolveLinks && original.type === '$>' ? this.storage.resolveLink(original) : original;
      this.retries.push({ ackId: link.id, event, link, original, sequence: undefined, retryCount: 0 });
    }
    await this.track(groupStreams.markReplayed(this.storage, this.key, links[links.length - 1].revision + 1));
    this.schedulePump();
  }

  /**
   * Ends the group and drops its connections. Unless the group is being deleted, the processed point is
   * checkpointed once more, so a restart resumes right after it.
   */
  async stop(reason: DropReason): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    this.unsubscribe();
    for (const consumer of this.consumers.splice(0)) consumer.link.drop(reason);
    await Promise.allSettled([...this.writes]);
    await this.checkpointing;
    const processed = this.progress.processed;
    if (reason !== 'deleted' && processed !== undefined && processed !== this.lastCheckpoint && !this.storage.isClosed) {
      await groupStreams
        .writeCheckpoint(this.storage, this.key, this.isAll, processed)
        .catch((error: unknown) =>
          this.log('error', 'final persistent subscription checkpoint failed', { group: this.key, error: `${error}` }),
        );
    }
  }

  /** Unprocessed source events: the source's last point minus the processed point. */
  backlog(): number {
    const processed = this.progress.processed ?? this.definition.firstPoint - 1;
    const head = this.isAll ? this.storage.headPosition() : this.storage.streamState(this.definition.eventSource).lastRevision;
    return Math.max(0, head - processed);
  }

  /** Items since the previous stats request and their rate, as the real server reports them. */
  measure(now: number): { countSinceLastMeasurement: number; averagePerSecond: number } {
    const count = this.totalItems - this.measuredTotal;
    const seconds = (now - this.measuredAt) / 1000;
    this.measuredTotal = this.totalItems;
    this.measuredAt = now;
    return { countSinceLastMeasurement: count, averagePerSecond: seconds > 0 ? Math.round(count / seconds) : 0 };
  }

  describe() {
    const inFlight = this.consumers.reduce((sum, consumer) => sum + consumer.inFlight.size, 0);
    return {
      status: this.hasRead && !this.caughtUp ? 'Behind' : 'Live',
      totalItems: this.totalItems,
      lastCheckpoint: this.lastCheckpoint,
      lastKnown: this.lastKnown,
      readBufferCount: this.caughtUp ? 0 : this.pending.length,
      liveBufferCount: this.caughtUp ? this.pending.length : 0,
      retryBufferCount: this.retries.length,
      inFlight,
      parkedCount: groupStreams.parkedCount(this.storage, this.key),
    };
  }

  private settle(consumer: Consumer, id: string, now: number, measure: boolean): GroupMessage | undefined {
    const own = consumer.settle(id, now, measure);
    if (own) return own.message;
    // The real server accepts an ack for the group's message from any of its connections.
    for (const other of this.consumers) {
      const entry = other === consumer ? undefined : other.settle(id, now, false);
      if (entry) return entry.message;
    }
    return undefined;
  }

  private finish(message: GroupMessage): void {
    if (message.sequence !== undefined) this.progress.finish(message.sequence);
  }

  private retryOrPark(message: GroupMessage): void {
    if (message.retryCount >= this.settings.maxRetryCount) this.park(message, 'Max retry count reached');
    else this.retries.push({ ...message, retryCount: message.retryCount + 1 });
  }

  /** A parked message counts as processed once its link is durable. */
  private park(message: GroupMessage, reason: string): void {
    const write = groupStreams.park(this.storage, this.key, message.original, reason).then(
      () => {
        this.finish(message);
        this.maybeCheckpoint(false);
        this.ensureTicking();
      },
      (error: unknown) => this.log('error', 'parking a message failed', { group: this.key, error: `${error}` }),
    );
    void this.track(write);
  }

  private track(write: Promise<void>): Promise<void> {
    this.writes.add(write);
    return write.finally(() => this.writes.delete(write));
  }

  /**
   * ESDB pushes what it can at the end of each Ack/Nack call, before the connection's next request: a retry
   * then goes out before any new event, whatever the timing of the requests.
   */
  private pushNow(): void {
    if (!this.stopped) this.pump();
  }

  private schedulePump(): void {
    if (this.pumpScheduled || this.stopped) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    if (this.stopped || this.consumers.length === 0) return;
    const now = Date.now();
    if (this.dispatch(this.retries, now) === 'full') return;
    const bufferLimit = Math.min(MAX_BUFFERED, Math.max(this.settings.readBatchSize, this.settings.historyBufferSize));
    for (let pages = 0; ; pages++) {
      if (this.dispatch(this.pending, now) === 'full') return;
      if (this.caughtUp || this.pending.length >= bufferLimit) return;
      if (pages === MAX_PAGES_PER_PUMP) return this.schedulePump();
      this.readPage();
    }
  }

  /** Sends what the strategy places; messages it skips (a busy pinned owner) keep their place. */
  private dispatch(queue: GroupMessage[], now: number): 'full' | 'scanned' {
    let kept = 0;
    let full = false;
    for (let i = 0; i < queue.length; i++) {
      const message = queue[i];
      // Ids are unique per stream only: a `$all` message whose id is already out waits for that one.
      const pick = full ? 'full' : this.isOut(message.ackId) ? 'skip' : this.strategy.pick(this.consumers, message);
      if (pick === 'full') full = true;
      if (typeof pick === 'string') {
        queue[kept++] = message;
        continue;
      }
      pick.send(message, now);
      this.totalItems++;
    }
    queue.length = kept;
    return full ? 'full' : 'scanned';
  }

  private isOut(ackId: string): boolean {
    return this.consumers.some((consumer) => consumer.inFlight.has(ackId));
  }

  private readPage(): void {
    this.hasRead = true;
    const limit = Math.min(MAX_PAGE, this.settings.readBatchSize);
    const events = this.isAll ? this.readAllPage(limit) : this.readStreamPage(limit);
    if (events.length < limit) this.caughtUp = true;
    for (const event of events) {
      const point = this.isAll ? event.position : event.revision;
      this.nextPoint = point + 1;
      this.lastKnown = point;
      if (this.filter && !this.filter(event)) {
        this.progress.scannedTo(point);
        continue;
      }
      this.pending.push(this.messageFor(event, this.progress.track(point)));
    }
  }

  private readAllPage(limit: number): StoredEvent[] {
    return this.storage.readAllForward(this.nextPoint, limit);
  }

  private readStreamPage(limit: number): StoredEvent[] {
    const read = this.storage.readStream(this.definition.eventSource, {
      direction: 'forwards',
      from: this.nextPoint,
      limit,
    });
    return read.status === 'ok' ? read.events : [];
  }

  private messageFor(record: StoredEvent, sequence: number): GroupMessage {
    if (this.settings.resolveLinks && record.type === '$>') {
      return { ackId: record.id, event: this.storage.resolveLink(record), link: record, original: record, sequence, retryCount: 0 };
    }
    return { ackId: record.id, event: record, link: undefined, original: record, sequence, retryCount: 0 };
  }

  /** The clock runs only while there is something to time: connections, or progress not checkpointed yet. */
  private ensureTicking(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
  }

  private get idle(): boolean {
    const settings = this.settings;
    const unrecorded =
      this.progress.processed !== this.lastCheckpoint && this.progress.sinceCheckpoint >= Math.max(1, settings.minCheckpointCount);
    return this.consumers.length === 0 && !unrecorded && !this.checkpointing;
  }

  private tick(): void {
    if (this.stopped) return;
    if (this.idle) {
      clearInterval(this.timer);
      this.timer = undefined;
      return;
    }
    const timeout = this.settings.messageTimeoutMs;
    if (timeout > 0) {
      const now = Date.now();
      let expired = false;
      for (const consumer of this.consumers) {
        for (const [id, entry] of consumer.inFlight) {
          if (now - entry.sentAt < timeout) continue;
          consumer.inFlight.delete(id);
          this.retryOrPark(entry.message);
          expired = true;
        }
      }
      if (expired) this.schedulePump();
    }
    this.maybeCheckpoint(true);
  }

  /**
   * On the clock: at least `minCheckpointCount` processed and `checkpointAfterMs` elapsed; on acks: at least
   * `maxCheckpointCount` processed. Checkpoint records land in `$all` too, hence the throttle.
   */
  private maybeCheckpoint(onClock: boolean): void {
    if (this.checkpointing || this.stopped) return;
    const point = this.progress.processed;
    if (point === undefined || point === this.lastCheckpoint) return;
    const count = this.progress.sinceCheckpoint;
    const settings = this.settings;
    // At least one processed message: a point moved only by filtered-out reads (such as this group's own
    // checkpoint records in `$all`) must not feed a checkpoint loop; stop() still records it.
    const due = onClock
      ? count >= Math.max(1, settings.minCheckpointCount) && Date.now() - this.lastCheckpointAt >= settings.checkpointAfterMs
      : count >= Math.max(1, settings.maxCheckpointCount);
    if (!due) return;
    this.progress.checkpointed();
    this.lastCheckpointAt = Date.now();
    this.checkpointing = groupStreams
      .writeCheckpoint(this.storage, this.key, this.isAll, point)
      .then(
        () => {
          this.lastCheckpoint = point;
        },
        (error: unknown) => this.log('error', 'persistent subscription checkpoint failed', { group: this.key, error: `${error}` }),
      )
      .finally(() => {
        this.checkpointing = undefined;
      });
  }
}

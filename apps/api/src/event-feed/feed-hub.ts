import { BACKWARDS, END, START, excludeSystemEvents, type AllStreamSubscription, type EventStoreDBClient } from '@eventstore/db-client';
import type { FeedConfig } from './feed-config';
import { feedEntryOf, type RecordedEvent } from './feed-entry';
import { FeedStream, type FeedSource } from './feed-stream';
import { RecentEvents, type FeedEntry } from './recent-events';

export interface FeedHubOptions {
  config: FeedConfig;
  /** The CloudEvents `source` (read per event: with PORT=0 the public URL is known only once the API listens). */
  source: () => string;
  onError?: (what: string, error: Error) => void;
  /** How long the subscription outlives the last client (default `IDLE_MS`). */
  idleMs?: number;
  /** A live stream cut off for falling further behind than the memory holds. */
  onCutOff?: (partnerId: string, position: bigint) => void;
}

export interface OpenStream {
  partnerId: string;
  types?: ReadonlySet<string>;
  /** Everything up to this position was delivered; undefined: from the log's current end; -1n: from its start. */
  after?: bigint;
  /** Ends the client's connection (a cut-off). */
  disconnect(): void;
}

export type Admission = { stream: FeedStream; release(): void } | { refused: 'total' | 'partner' };

const RESUBSCRIBE_MS = 1_000;
/** How long the hub stays subscribed after its last client left (a client that reconnects at once finds it awake). */
const IDLE_MS = 30_000;

/**
 * Every live-feed client of this instance served from one catch-up subscription to `$all` and one memory of the
 * recent events (README, "Live feed and store subscriptions"). Each client holds a cursor into that memory; a client
 * resuming from an older position reads its way there from the store first, on its own, at its own pace. The hub is
 * subscribed only while clients are connected (and `IDLE_MS` after the last one left): an instance nobody follows
 * does not decode every event of the log.
 */
export class FeedHub implements FeedSource {
  private recentEvents?: RecentEvents;
  private readonly streams = new Map<FeedStream, OpenStream>();
  private readonly perPartner = new Map<string, number>();
  private subscription?: AllStreamSubscription;
  private heartbeat?: NodeJS.Timeout;
  private retry?: NodeJS.Timeout;
  private stopped = false;
  private waking?: Promise<void>;
  private idle?: NodeJS.Timeout;
  private cutOffs = 0;
  /** The events received since the last pass over the streams: what was held before them, and whom they concern. */
  private burst?: { from: bigint; partners: Set<string> };

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: FeedHubOptions,
  ) {}

  /** Starts the heartbeats; the subscription starts with the first client. */
  start(): void {
    this.heartbeat = setInterval(() => {
      for (const stream of this.streams.keys()) stream.heartbeat();
    }, this.options.config.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Ends every stream (clients reconnect elsewhere with Last-Event-ID) and the subscription. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.heartbeat);
    clearTimeout(this.retry);
    clearTimeout(this.idle);
    for (const [stream, open] of this.streams) {
      stream.push(null);
      open.disconnect();
    }
    await this.subscription?.unsubscribe().catch(() => undefined);
  }

  /** A stream for the client, or why it is refused (connection limits). */
  async open(request: OpenStream): Promise<Admission> {
    const { maxConnections, maxConnectionsPerPartner, clientBufferBytes } = this.options.config;
    if (this.streams.size >= maxConnections) return { refused: 'total' };
    if ((this.perPartner.get(request.partnerId) ?? 0) >= maxConnectionsPerPartner) return { refused: 'partner' };
    await this.awake();
    // Counted again after the wait: other clients may have been admitted meanwhile.
    if (this.streams.size >= maxConnections) return { refused: 'total' };
    const ofPartner = this.perPartner.get(request.partnerId) ?? 0;
    if (ofPartner >= maxConnectionsPerPartner) return { refused: 'partner' };
    const stream = new FeedStream(this, {
      partnerId: request.partnerId,
      types: request.types,
      after: request.after ?? this.memory.latest,
      bufferBytes: clientBufferBytes,
    });
    this.streams.set(stream, request);
    this.perPartner.set(request.partnerId, ofPartner + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.streams.delete(stream);
      const left = (this.perPartner.get(request.partnerId) ?? 1) - 1;
      if (left === 0) this.perPartner.delete(request.partnerId);
      else this.perPartner.set(request.partnerId, left);
      if (this.streams.size === 0) this.sleepSoon();
    };
    stream.once('close', release);
    return { stream, release };
  }

  stats(): { connections: number; cutOffs: number; recentEvents: number; maxQueuedBytes: number; subscribed: boolean } {
    let maxQueuedBytes = 0;
    for (const stream of this.streams.keys()) maxQueuedBytes = Math.max(maxQueuedBytes, stream.queuedBytes);
    return {
      connections: this.streams.size,
      cutOffs: this.cutOffs,
      recentEvents: this.recentEvents?.size ?? 0,
      maxQueuedBytes,
      subscribed: this.subscription !== undefined,
    };
  }

  recent(cursor: bigint, max: number): FeedEntry[] | undefined {
    return this.memory.after(cursor, max);
  }

  async readStored(cursor: bigint, max: number): Promise<FeedEntry[]> {
    const source = this.options.source();
    const entries: FeedEntry[] = [];
    // Positions are the events' own (commit equals prepare for every event this store and EventStoreDB write alone),
    // and the read starts at the cursor's event, which the client already has.
    const read = this.client.readAll({
      fromPosition: cursor < 0n ? START : { commit: cursor, prepare: cursor },
      maxCount: max + 1,
    });
    for await (const resolved of read) {
      const event = resolved.event;
      if (event && event.position.commit > cursor) entries.push(feedEntryOf(event as RecordedEvent, source));
    }
    return entries;
  }

  private get memory(): RecentEvents {
    if (!this.recentEvents) throw new Error('the feed hub is not subscribed');
    return this.recentEvents;
  }

  /** Subscribed from the log's current end, unless already: the memory starts there and fills as events arrive. */
  private awake(): Promise<void> {
    clearTimeout(this.idle);
    if (this.recentEvents) return Promise.resolve();
    this.waking ??= (async () => {
      try {
        const head = await this.head();
        this.recentEvents = new RecentEvents(this.options.config.recentEvents, head ?? -1n);
        this.subscribe(head);
      } finally {
        this.waking = undefined;
      }
    })();
    return this.waking;
  }

  /** With no client left for `IDLE_MS`, the subscription and the memory go; the next client starts them again. */
  private sleepSoon(): void {
    clearTimeout(this.idle);
    this.idle = setTimeout(() => {
      if (this.streams.size > 0 || this.stopped) return;
      const subscription = this.subscription;
      this.subscription = undefined;
      this.recentEvents = undefined;
      clearTimeout(this.retry);
      void subscription?.unsubscribe().catch(() => undefined);
    }, this.options.idleMs ?? IDLE_MS);
    this.idle.unref();
  }

  private subscribe(after: bigint | undefined): void {
    const subscription = this.client.subscribeToAll({
      fromPosition: after === undefined ? START : { commit: after, prepare: after },
      filter: excludeSystemEvents(),
    });
    this.subscription = subscription;
    subscription.on('data', (resolved) => {
      if (this.subscription !== subscription) return;
      if (resolved.event) this.received(feedEntryOf(resolved.event as RecordedEvent, this.options.source()));
    });
    const restart = (error: Error) => {
      if (this.stopped || this.subscription !== subscription) return;
      this.subscription = undefined;
      this.options.onError?.('the $all subscription', error);
      void subscription.unsubscribe().catch(() => undefined);
      // From the last event held: the memory goes on without a gap.
      this.retry = setTimeout(() => this.subscribe(this.memory.latest < 0n ? undefined : this.memory.latest), RESUBSCRIBE_MS);
    };
    subscription.on('error', restart);
    subscription.on('end', () => restart(new Error('the $all subscription ended')));
  }

  private received(entry: FeedEntry): void {
    const { floor, latest } = this.memory;
    this.memory.add(entry);
    if (this.memory.floor !== floor) this.cutOffLeftBehind();
    if (this.burst) {
      for (const partner of entry.partners) this.burst.partners.add(partner);
      return;
    }
    // Once per burst, not per event: the subscription hands over a batch of events in one go, and each stream
    // takes all of them in one pass, as soon as that callback returns. A setImmediate would wait for every other I/O
    // callback ready in this turn of the loop (the commands' requests and the read models' writes) and put their time
    // into the events' delay.
    const burst = { from: latest, partners: new Set(entry.partners) };
    this.burst = burst;
    process.nextTick(() => {
      this.burst = undefined;
      const to = this.recentEvents?.latest;
      if (to === undefined) return; // asleep since: no stream left
      // Most streams belong to partners the burst does not concern: those that were at its start only move their
      // cursor past it, which is all their own pass would have done, and only the others look at its events.
      for (const stream of this.streams.keys()) if (burst.partners.has(stream.partnerId) || !stream.skip(burst.from, to)) stream.wake();
    });
  }

  /** Live streams whose next event the memory no longer holds: their clients stopped reading for that long. */
  private cutOffLeftBehind(): void {
    const floor = this.memory.floor;
    for (const [stream, open] of this.streams) {
      if (!stream.isLive || stream.position >= floor) continue;
      this.cutOffs++;
      this.options.onCutOff?.(open.partnerId, stream.position);
      this.streams.delete(stream);
      open.disconnect();
      stream.destroy();
    }
  }

  private async head(): Promise<bigint | undefined> {
    let head: bigint | undefined;
    // Read the bounded window to its end: a read left open keeps the client from ever being disposed.
    for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 50 })) {
      const event = resolved.event;
      if (head === undefined && event && !event.type.startsWith('$')) head = event.position.commit;
    }
    return head;
  }
}

import {
  BACKWARDS,
  END,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import { currentTraceparent, inSpan, SpanKind } from '@app/tracing';
import { chainHashOfJson } from './hash-chain';
import { LRUCache } from 'lru-cache';
import type { CommandMetadata, EventMetadata } from './metadata';
import type { DomainCommand, DomainEvent } from '@app/domain/shared/types';
import type { Decider } from '@app/domain/shared/decider';
import { fromResolvedEvent, toEventData, type StoredEvent } from './serialization';
import { StreamRevisionConflictError } from './errors';
import { firstSchemaVersion, noUpcasting, type SchemaVersionFn, type UpcastFn } from './upcasting';

/** How far back a refused command with deterministic ids looks for its own earlier attempt: a few, then more. */
const RECALL_WINDOWS = [16n, 1000n];

/** A stream folded to its current state. revision is null while the stream does not exist. */
export interface Aggregate<S> {
  state: S;
  revision: bigint | null;
  lastHash: string | null;
}

export interface ExecuteRequest<S, C extends DomainCommand, E extends DomainEvent, Ctx> {
  streamName: string;
  decider: Decider<S, C, E, Ctx>;
  command: C;
  context: Ctx;
  metadata: CommandMetadata;
  /** If-Match: decide only if the stream is exactly at this revision. */
  ifMatch?: bigint;
  /**
   * Deterministic event ids (a keyed API command, the process manager); random ids when omitted. With them,
   * a command refused because its own earlier attempt appended answers that attempt's result (`refuse`).
   */
  eventIds?: (index: number) => string;
  /**
   * The stream is expected not to exist (a fresh id, a first claim): decide on the initial state without
   * reading, append with `no_stream`; if it did exist, the store refuses and the normal reload-retry decides.
   */
  expectNew?: boolean;
}

export interface CommandResult<S, E> {
  events: E[];
  state: S;
  /** Revision of the stream after the command; null when it still does not exist. */
  revision: bigint | null;
  /** Commit position of the append in $all; null when nothing was appended. */
  position: bigint | null;
}

export interface AggregateStoreOptions {
  cacheSize?: number;
  upcast?: UpcastFn;
  /** The schema version each event type is written with (metadata.schemaVersion); 1 for every type by default. */
  schemaVersion?: SchemaVersionFn;
  /** Told how long each acknowledged append took (metrics). */
  onAppended?(seconds: number): void;
}

/**
 * The generic command path: load (from the cache or by reading the stream), decide, append with the exact
 * revision the decision was made on. A stale cache is caught by that revision check: reload, retry once.
 */
export class AggregateStore {
  private readonly cache: LRUCache<string, Aggregate<unknown>>;
  private readonly upcast: UpcastFn;
  private readonly schemaVersion: SchemaVersionFn;
  private readonly onAppended?: (seconds: number) => void;

  constructor(
    private readonly client: EventStoreDBClient,
    options: AggregateStoreOptions = {},
  ) {
    this.cache = new LRUCache({ max: options.cacheSize ?? 10_000 });
    this.upcast = options.upcast ?? noUpcasting;
    this.schemaVersion = options.schemaVersion ?? firstSchemaVersion;
    this.onAppended = options.onAppended;
  }

  /**
   * The stream's state as the store holds it now: the cached state caught up with the events appended after it (by
   * this instance or another), or the whole stream folded when nothing is cached. Streams are only ever appended to,
   * so a conflict or a lookup costs the events it missed, not the stream's length. With untilRevision, the state as
   * of that revision (auditors), always folded from the start and never cached.
   */
  async read<S, E extends DomainEvent>(
    streamName: string,
    decider: Pick<Decider<S, never, E, never>, 'initialState' | 'evolve'>,
    untilRevision?: bigint,
  ): Promise<Aggregate<S>> {
    const cached = untilRevision === undefined ? (this.cache.get(streamName) as Aggregate<S> | undefined) : undefined;
    let aggregate: Aggregate<S> = cached ?? { state: decider.initialState(), revision: null, lastHash: null };
    try {
      const fromRevision = aggregate.revision === null ? START : aggregate.revision + 1n;
      const window = untilRevision === undefined ? {} : { maxCount: untilRevision + 1n };
      for await (const resolved of this.client.readStream(streamName, { fromRevision, direction: 'forwards', ...window })) {
        const stored = fromResolvedEvent<E>(resolved, this.upcast);
        if (!stored) continue;
        aggregate = {
          state: decider.evolve(aggregate.state, stored.event),
          revision: stored.revision,
          lastHash: stored.metadata?.chain?.hash ?? null,
        };
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    if (untilRevision === undefined) this.cache.set(streamName, aggregate);
    return aggregate;
  }

  /** The current state, from the cache when it holds the stream. */
  async load<S, E extends DomainEvent>(
    streamName: string,
    decider: Pick<Decider<S, never, E, never>, 'initialState' | 'evolve'>,
  ): Promise<Aggregate<S>> {
    const cached = this.cache.get(streamName) as Aggregate<S> | undefined;
    return cached ?? this.read(streamName, decider);
  }

  forget(streamName: string): void {
    this.cache.delete(streamName);
  }

  /** One span per command (named after its type), the append's span inside it. */
  execute<S, C extends DomainCommand, E extends DomainEvent, Ctx>(request: ExecuteRequest<S, C, E, Ctx>): Promise<CommandResult<S, E>> {
    return inSpan(request.command.type, { attributes: { 'event_store.stream': request.streamName } }, () => this.decideAndAppend(request));
  }

  private async decideAndAppend<S, C extends DomainCommand, E extends DomainEvent, Ctx>(
    request: ExecuteRequest<S, C, E, Ctx>,
  ): Promise<CommandResult<S, E>> {
    const { streamName, decider } = request;
    const cached = this.cache.get(streamName) as Aggregate<S> | undefined;
    let fromCache = cached !== undefined || request.expectNew === true;
    let aggregate: Aggregate<S> =
      cached ??
      (request.expectNew ? { state: decider.initialState(), revision: null, lastHash: null } : await this.read<S, E>(streamName, decider));
    for (let conflicts = 0; ;) {
      if (request.ifMatch !== undefined && aggregate.revision !== request.ifMatch && fromCache) {
        aggregate = await this.read<S, E>(streamName, decider);
        fromCache = false;
      }
      if (request.ifMatch !== undefined && aggregate.revision !== request.ifMatch) {
        return this.refuse(request, aggregate, this.ifMatchRefusal(request, aggregate));
      }
      let events: E[] | undefined;
      let refusal: unknown;
      try {
        events = decider.decide(request.command, aggregate.state, request.context);
      } catch (error) {
        refusal = error;
      }
      if (fromCache && (events === undefined || events.length === 0)) {
        // Only an append checks the cached revision: a refusal or a "nothing to do" decided on cached state may be
        // stale (another instance changed the stream), so it is decided again on what the store holds.
        aggregate = await this.read<S, E>(streamName, decider);
        fromCache = false;
        continue;
      }
      if (events === undefined) return this.refuse(request, aggregate, refusal);
      if (events.length === 0) {
        // Nothing to do may be the command's own earlier attempt having done it (an idempotent domain rule).
        return (await this.recall(request, aggregate)) ?? { events, state: aggregate.state, revision: aggregate.revision, position: null };
      }
      try {
        return await this.append(request, aggregate, events);
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        if (conflicts++ > 0 || request.ifMatch !== undefined) {
          throw new StreamRevisionConflictError(
            streamName,
            request.ifMatch ?? aggregate.revision ?? 'no_stream',
            null,
            request.ifMatch !== undefined,
          );
        }
        aggregate = await this.read<S, E>(streamName, decider);
        fromCache = false;
      }
    }
  }

  /**
   * Why a command whose If-Match names another revision is refused. Whether the caller may know the resource at all
   * comes first: a decider's "not found" (a foreign or unknown id) answers as it would without If-Match, so the
   * revision of someone else's stream is never disclosed; any other outcome is the revision conflict.
   */
  private ifMatchRefusal<S, C extends DomainCommand, E extends DomainEvent, Ctx>(
    request: ExecuteRequest<S, C, E, Ctx>,
    aggregate: Aggregate<S>,
  ): unknown {
    try {
      request.decider.decide(request.command, aggregate.state, request.context);
    } catch (refusal) {
      if ((refusal as { kind?: unknown } | null)?.kind === 'NOT_FOUND') return refusal;
    }
    return new StreamRevisionConflictError(request.streamName, request.ifMatch!, aggregate.revision, true);
  }

  /**
   * A command refused on what the store holds. With deterministic event ids (a keyed API retry, a process
   * manager's replay) the refusal may be the command's own earlier attempt, which appended and then lost its
   * answer: "already done", or If-Match on the revision before it. That attempt's result is then this one's;
   * otherwise the refusal stands.
   */
  private async refuse<S, C extends DomainCommand, E extends DomainEvent, Ctx>(
    request: ExecuteRequest<S, C, E, Ctx>,
    aggregate: Aggregate<S>,
    refusal: unknown,
  ): Promise<CommandResult<S, E>> {
    const earlier = await this.recall(request, aggregate);
    if (!earlier) throw refusal;
    return earlier;
  }

  /** The result of the command's earlier attempt: its events, with exactly its ids, among the stream's newest. */
  private async recall<S, C extends DomainCommand, E extends DomainEvent, Ctx>(
    request: ExecuteRequest<S, C, E, Ctx>,
    aggregate: Aggregate<S>,
  ): Promise<CommandResult<S, E> | undefined> {
    if (request.eventIds === undefined || aggregate.revision === null) return undefined;
    const first = request.eventIds(0);
    let newest: StoredEvent<E>[] = [];
    // Each window is read to its end (the last few events first, then more).
    for (const window of RECALL_WINDOWS) {
      const { events, whole } = await this.newest<E>(request.streamName, window);
      const at = events.findIndex((e) => e.id === first);
      newest = at >= 0 ? events.slice(at) : [];
      if (at >= 0 || whole) break;
    }
    if (newest[0]?.id !== first) return undefined;
    let count = 1;
    while (count < newest.length && newest[count].id === request.eventIds(count)) count++;
    const last = newest[count - 1];
    return {
      events: newest.slice(0, count).map((e) => e.event),
      state: aggregate.state,
      revision: last.revision,
      position: last.position ?? null,
    };
  }

  /** The stream's newest `count` events, oldest first; `whole` when that was all of the stream. */
  private async newest<E extends DomainEvent>(streamName: string, count: bigint): Promise<{ events: StoredEvent<E>[]; whole: boolean }> {
    const events: StoredEvent<E>[] = [];
    let read = 0n;
    for await (const resolved of this.client.readStream(streamName, { fromRevision: END, direction: BACKWARDS, maxCount: count })) {
      read++;
      const stored = fromResolvedEvent<E>(resolved, this.upcast);
      if (stored) events.push(stored);
    }
    return { events: events.reverse(), whole: read < count };
  }

  private append<S, C extends DomainCommand, E extends DomainEvent, Ctx>(
    request: ExecuteRequest<S, C, E, Ctx>,
    aggregate: Aggregate<S>,
    events: E[],
  ): Promise<CommandResult<S, E>> {
    const attributes = {
      'event_store.stream': request.streamName,
      'event_store.expected_revision': aggregate.revision === null ? 'no_stream' : String(aggregate.revision),
      'event_store.events': events.length,
    };
    return inSpan('append', { kind: SpanKind.CLIENT, attributes }, () => this.appendNow(request, aggregate, events));
  }

  private async appendNow<S, C extends DomainCommand, E extends DomainEvent, Ctx>(
    request: ExecuteRequest<S, C, E, Ctx>,
    aggregate: Aggregate<S>,
    events: E[],
  ): Promise<CommandResult<S, E>> {
    const { streamName, decider } = request;
    let prev = aggregate.lastHash;
    let state = aggregate.state;
    const first = aggregate.revision === null ? 0n : aggregate.revision + 1n;
    // The same metadata for every event of the command: serialised once per schema version (each event type has
    // its own), and each event's JSON is it with the event's chain link as its last field (the bytes
    // JSON.stringify({ ...base, chain }) gives). With traces on, the append span's traceparent: a projection or
    // process that handles the events continues the trace.
    const traceparent = currentTraceparent();
    const baseJsons = new Map<number, string>();
    const data = events.map((event, i) => {
      const schemaVersion = this.schemaVersion(event.type);
      let baseJson = baseJsons.get(schemaVersion);
      if (baseJson === undefined) {
        const base: Omit<EventMetadata, 'chain'> = { schemaVersion, ...request.metadata, ...(traceparent && { traceparent }) };
        baseJson = JSON.stringify(base);
        baseJsons.set(schemaVersion, baseJson);
      }
      const chain = { prev, hash: chainHashOfJson(prev, streamName, first + BigInt(i), event.type, JSON.stringify(event.data), baseJson) };
      prev = chain.hash;
      state = decider.evolve(state, event);
      return toEventData(event, `${baseJson.slice(0, -1)},"chain":${JSON.stringify(chain)}}`, request.eventIds?.(i));
    });
    const started = performance.now();
    const result = await this.client.appendToStream(streamName, data, {
      expectedRevision: aggregate.revision === null ? NO_STREAM : aggregate.revision,
    });
    this.onAppended?.((performance.now() - started) / 1000);
    const next: Aggregate<S> = { state, revision: result.nextExpectedRevision, lastHash: prev };
    // An idempotent re-append of known ids reports the old revision; then our folded state is not the store's.
    if (result.nextExpectedRevision === first + BigInt(events.length) - 1n) this.cache.set(streamName, next);
    else this.cache.delete(streamName);
    return { events, state, revision: result.nextExpectedRevision, position: result.position?.commit ?? null };
  }
}

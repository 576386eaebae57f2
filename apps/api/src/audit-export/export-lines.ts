import type { EventStoreDBClient, Position } from '@eventstore/db-client';
import { customerConcernedBy, partnersConcernedBy, upcastEvent } from '@app/domain';
import {
  domainEventPages,
  domainEvents,
  eventLine,
  linkOf,
  ExportEnd,
  logHead,
  redactedLine,
  streamsInLogOrder,
  type AuditSigningKey,
  type StreamEvent,
} from '@app/audit';
import type { IndexedExportStreams } from '@app/read-models';

import type { ExportRequest } from './export-selection';
import { LineChunks } from './line-chunks';

/** An event an export writes: read from the log or from its stream. */
type RecordedEvent = StreamEvent;

/**
 * What one export reads: up to the log's head when it started, the selected streams (all: every one). A few streams
 * are read one by one (merged in log order); more are picked out of one read of the log.
 */
export interface ExportPlan {
  request: ExportRequest;
  through: Position;
  streams?: ReadonlySet<string>;
}

/** What the audit index knows of a customer's or partner's streams up to a commit position (`queryExportStreams`). */
export type ExportIndex = (
  scope: { kind: 'customer' | 'partner'; id: string },
  reader: string | undefined,
  through: number,
) => Promise<IndexedExportStreams>;

/** Lines go out in chunks of about this many bytes: one socket write per chunk rather than per event. */
const CHUNK = 64 * 1024;

/** Up to this many streams an export reads stream by stream; past it, one read of the log costs less. */
const STREAMS_READ_ONE_BY_ONE = 256;

const NOTHING: Position = { commit: 0n, prepare: 0n };

/** The partners an event is about, judged on its current shape (the line still carries the data as stored). */
function partnersOf(event: RecordedEvent): readonly string[] {
  const schemaVersion = (event.metadata as { schemaVersion?: unknown } | undefined)?.schemaVersion;
  return partnersConcernedBy(
    event.type,
    upcastEvent(event.type, typeof schemaVersion === 'number' ? schemaVersion : 1, event.data as Record<string, unknown>),
  );
}

/**
 * Fixes the export's end (the log's head now) and, for a customer or a partner, finds its streams: every stream with
 * an event about that customer (`customerConcernedBy`) or partner (`partnersConcernedBy`). The audit index names them
 * up to where it has read the log (the same rule, applied by its projection); the log is read only past that point
 * (all of it when there is no index). Undefined when there is nothing to export for this reader: an unknown id, or,
 * for an Auditor, a customer its partner never had anything to do with (the same 404).
 */
export async function planExport(client: EventStoreDBClient, request: ExportRequest, index?: ExportIndex): Promise<ExportPlan | undefined> {
  const through = (await logHead(client)) ?? NOTHING;
  const { scope, redactFor } = request;
  if (scope.kind === 'all') return { request, through };
  const indexed = index ? await index({ kind: scope.kind, id: scope.id! }, redactFor, Number(through.commit)) : undefined;
  const reached = indexed && indexed.reached >= 0 ? BigInt(indexed.reached) : undefined;
  const streams = new Set<string>(indexed?.streams ?? []);
  let concernsReader = redactFor === undefined || indexed?.concernsReader === true;
  const tail = reached === undefined ? undefined : { commit: reached, prepare: reached };
  for await (const event of domainEvents(client, through, tail)) {
    if (reached !== undefined && event.position.commit <= reached) continue;
    const partners = scope.kind === 'partner' || redactFor !== undefined ? partnersOf(event) : [];
    const selects = scope.kind === 'customer' ? customerConcernedBy(event.streamId, event.data) === scope.id : partners.includes(scope.id!);
    if (!selects) continue;
    if (redactFor !== undefined && partners.includes(redactFor)) concernsReader = true;
    streams.add(event.streamId);
  }
  if (streams.size === 0 || !concernsReader) return undefined;
  return { request, through, streams };
}

/** The events an export holds, in log order: its few streams read one by one, or the log read once and filtered. */
async function* eventsOf(client: EventStoreDBClient, plan: ExportPlan): AsyncGenerator<RecordedEvent[]> {
  const { streams, through } = plan;
  if (streams && streams.size <= STREAMS_READ_ONE_BY_ONE) {
    let page: RecordedEvent[] = [];
    for await (const event of streamsInLogOrder(client, streams, through)) {
      page.push(event);
      if (page.length < 256) continue;
      yield page;
      page = [];
    }
    if (page.length > 0) yield page;
    return;
  }
  for await (const page of domainEventPages(client, through)) yield streams ? page.filter((event) => streams.has(event.streamId)) : page;
}

/**
 * The export as NDJSON text, in chunks: every event of the selected streams in log order (a redacted line where the
 * reader may not see it), then each stream's head line and the signed manifest. Pulled by the HTTP response, so the
 * store is read no faster than the client takes the lines; memory holds a page of events, the heads wait on disk.
 */
export async function* exportLines(
  client: EventStoreDBClient,
  plan: ExportPlan,
  key: AuditSigningKey,
  now: () => Date,
): AsyncGenerator<Buffer> {
  const end = new ExportEnd(plan.request.scope);
  const chunks = new LineChunks(CHUNK);
  try {
    yield* eventChunks(client, plan, end, chunks);
    for (const line of end.lines(plan.through.commit, now(), key)) {
      const full = chunks.add(line);
      if (full.length > 0) yield* full;
    }
    yield* chunks.end();
  } finally {
    end.close();
  }
}

/** The event lines, in chunks, each event's head noted in `end`. */
async function* eventChunks(client: EventStoreDBClient, plan: ExportPlan, end: ExportEnd, chunks: LineChunks): AsyncGenerator<Buffer> {
  const { redactFor } = plan.request;
  for await (const page of eventsOf(client, plan)) {
    for (const event of page) {
      const position = event.position.commit;
      const visible = redactFor === undefined || partnersOf(event).includes(redactFor);
      const line = visible
        ? eventLine({
            stream: event.streamId,
            revision: event.revision,
            position,
            id: event.id,
            type: event.type,
            created: event.created,
            data: event.data,
            metadata: event.metadata,
          })
        : redactedLine({ stream: event.streamId, revision: event.revision, position, metadata: event.metadata });
      end.add(event.streamId, event.revision, position, linkOf(event.metadata) ?? { prev: null, hash: '' });
      const full = chunks.add(line);
      // No await for the many lines that fill no chunk.
      if (full.length > 0) yield* full;
    }
  }
}

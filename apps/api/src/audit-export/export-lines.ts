import type { EventStoreDBClient, Position } from '@eventstore/db-client';
import { customerConcernedBy } from '@app/domain';
import {
  domainEvents,
  ExportEnd,
  logHead,
  manifestOf,
  signedManifestLine,
  streamsInLogOrder,
  type AuditSigningKey,
  type ExportTally,
  type StreamEvent,
} from '@app/audit';
import type { IndexedExportStreams } from '@app/read-models';

import type { ExportRequest } from './export-selection';
import { CHUNK, eventChunks, headChunks, partnersOf } from './event-chunks';
import { LineChunks } from './line-chunks';
import type { ExportThreads } from './export-threads';

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

/** Up to this many streams an export reads stream by stream; past it, one read of the log costs less. */
const STREAMS_READ_ONE_BY_ONE = 256;

const NOTHING: Position = { commit: 0n, prepare: 0n };

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

/** Where the export reads: the client here, or threads of their own (`ExportThreads`) for an export that reads the log. */
export interface ExportStore {
  client: EventStoreDBClient;
  threads: ExportThreads;
}

/**
 * The export as NDJSON text, in chunks: every event of the selected streams in log order (a redacted line where the
 * reader may not see it), then each stream's head line and the signed manifest. Pulled by the HTTP response, so the
 * store is read no faster than the client takes the lines; memory holds a page of events, the heads wait on disk. An
 * export that reads the log (the whole log, or more streams than are read one by one) is read and written by a
 * thread of its own, which leaves this event loop only the sending.
 */
export async function* exportLines(store: ExportStore, plan: ExportPlan, key: AuditSigningKey, now: () => Date): AsyncGenerator<Buffer> {
  const { streams, through, request } = plan;
  const tally =
    streams && streams.size <= STREAMS_READ_ONE_BY_ONE
      ? yield* streamChunks(store.client, plan)
      : yield* store.threads.chunks({
          scope: request.scope,
          through,
          streams: streams && [...streams],
          redactFor: request.redactFor,
        });
  yield Buffer.from(`${signedManifestLine(manifestOf(request.scope, tally, through.commit, now()), key.privateKey, key.publicKey)}\n`);
}

/** The event and head lines of an export of a few streams, read one by one (merged in log order), in chunks. */
async function* streamChunks(client: EventStoreDBClient, plan: ExportPlan): AsyncGenerator<Buffer, ExportTally> {
  const end = new ExportEnd();
  const chunks = new LineChunks(CHUNK);
  try {
    yield* eventChunks(pagesOf(streamsInLogOrder(client, plan.streams!, plan.through)), plan.request.redactFor, end, chunks);
    return yield* headChunks(end, chunks);
  } finally {
    end.close();
  }
}

/** Events in pages of 256. */
async function* pagesOf(events: AsyncIterable<StreamEvent>): AsyncGenerator<StreamEvent[]> {
  let page: StreamEvent[] = [];
  for await (const event of events) {
    page.push(event);
    if (page.length < 256) continue;
    yield page;
    page = [];
  }
  if (page.length > 0) yield page;
}

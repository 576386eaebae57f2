import type { EventStoreDBClient, AllStreamRecordedEvent, Position } from '@eventstore/db-client';
import { customerConcernedBy, partnersConcernedBy, upcastEvent } from '@app/domain';
import {
  domainEventPages,
  domainEvents,
  eventLine,
  linkOf,
  logHead,
  ManifestBuilder,
  positionAfter,
  redactedLine,
  signedManifestLine,
  type AuditSigningKey,
} from '@app/audit';

import type { ExportRequest } from './export-selection';

/** What one export reads: up to the log's head when it started, from `from`, the selected streams (all: every one). */
export interface ExportPlan {
  request: ExportRequest;
  through: Position;
  from?: Position;
  streams?: ReadonlySet<string>;
}

/** Lines go out in chunks of about this many characters: one socket write per chunk rather than per event. */
const CHUNK = 64 * 1024;

const NOTHING: Position = { commit: 0n, prepare: 0n };

/** The partners an event is about, judged on its current shape (the line still carries the data as stored). */
function partnersOf(event: AllStreamRecordedEvent): readonly string[] {
  const schemaVersion = (event.metadata as { schemaVersion?: unknown } | undefined)?.schemaVersion;
  return partnersConcernedBy(
    event.type,
    upcastEvent(event.type, typeof schemaVersion === 'number' ? schemaVersion : 1, event.data as Record<string, unknown>),
  );
}

/**
 * Fixes the export's end (the log's head now) and, for a customer or a partner, finds its streams by reading the log
 * once: every stream with an event about that customer (`customerConcernedBy`) or partner (`partnersConcernedBy`).
 * Undefined when there is nothing to export for this reader: an unknown id, or, for an Auditor, a customer its
 * partner never had anything to do with (the same 404).
 */
export async function planExport(client: EventStoreDBClient, request: ExportRequest): Promise<ExportPlan | undefined> {
  const through = (await logHead(client)) ?? NOTHING;
  const { scope, redactFor } = request;
  if (scope.kind === 'all') return { request, through };
  const streams = new Set<string>();
  const selectedLater: string[] = [];
  let from: Position | undefined;
  let concernsReader = redactFor === undefined;
  for await (const event of domainEvents(client, through)) {
    const partners = scope.kind === 'partner' || redactFor !== undefined ? partnersOf(event) : [];
    const selects = scope.kind === 'customer' ? customerConcernedBy(event.streamId, event.data) === scope.id : partners.includes(scope.id!);
    if (!selects) continue;
    if (redactFor !== undefined && partners.includes(redactFor)) concernsReader = true;
    if (streams.has(event.streamId)) continue;
    streams.add(event.streamId);
    // A stream is exported from its first event: where that is, the selecting event tells only when it is that one.
    if (event.revision === 0n) from ??= event.position;
    else selectedLater.push(event.streamId);
  }
  if (streams.size === 0 || !concernsReader) return undefined;
  for (const stream of selectedLater) {
    const first = await firstPosition(client, stream);
    if (first && (!from || positionAfter(from, first))) from = first;
  }
  return { request, through, from, streams };
}

async function firstPosition(client: EventStoreDBClient, stream: string): Promise<Position | undefined> {
  let position: Position | undefined;
  for await (const resolved of client.readStream(stream, { maxCount: 1 })) position = resolved.event?.position ?? position;
  return position;
}

/**
 * The export as NDJSON text, in chunks: every event of the selected streams in log order (a redacted line where the
 * reader may not see it), then the signed manifest. Pulled by the HTTP response, so the store is read no faster than
 * the client takes the lines, and memory holds a page of events and the streams' heads.
 */
export async function* exportLines(
  client: EventStoreDBClient,
  plan: ExportPlan,
  key: AuditSigningKey,
  now: () => Date,
): AsyncGenerator<string> {
  const { scope, redactFor } = plan.request;
  const manifest = new ManifestBuilder(scope);
  let chunk = '';
  for await (const page of domainEventPages(client, plan.through, plan.from)) {
    for (const event of page) {
      if (plan.streams && !plan.streams.has(event.streamId)) continue;
      const position = event.position.commit;
      const visible = redactFor === undefined || partnersOf(event).includes(redactFor);
      chunk += visible
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
      chunk += '\n';
      manifest.add(event.streamId, event.revision, position, linkOf(event.metadata) ?? { prev: null, hash: '' });
      if (chunk.length >= CHUNK) {
        yield chunk;
        chunk = '';
      }
    }
  }
  yield `${chunk}${signedManifestLine(manifest.build(plan.through.commit, now()), key.privateKey, key.publicKey)}\n`;
}

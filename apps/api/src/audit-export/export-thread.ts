/**
 * Entry point of the worker thread that writes the event and head lines of exports read from the log in pages (see
 * `export-threads.ts`), one export after another: reading `$all` through its own client, decoding and formatting
 * happen here, so the API's event loop only hands the finished chunks to the response. The thread is kept for the next
 * export, its compiled code with it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { EventStoreDBClient } from '@eventstore/db-client';
import { ExportEnd, takenEventPages } from '@app/audit';
import { CHUNK, EventChunks, headChunks } from './event-chunks';
import { LineChunks } from './line-chunks';
import type { ExportThreadData, FromExportThread, ThreadExport, ToExportThread } from './export-thread-messages';

const port = parentPort!;
const { connectionString } = workerData as ExportThreadData;
const client = EventStoreDBClient.connectionString(connectionString);

/**
 * Chunks posted and not yet taken by the response: past this the thread stops formatting (and reading, once two pages
 * are read ahead), so a client that stops reading holds this and those pages, whatever the export's size.
 */
const MAX_UNACKED = 8;

let unacked = 0;
let stopping = false;
let wake: (() => void) | undefined;
let exporting = Promise.resolve();

port.on('message', (message: ToExportThread) => {
  if (message.kind === 'export') exporting = exporting.then(() => write(message.export)).catch(fail);
  else if (message.kind === 'ack') unacked--;
  else {
    stopping = true;
    void exporting.then(close, fail);
  }
  wake?.();
});

/** Posts a chunk, transferring its bytes; waits while too many are in flight. False once asked to stop. */
async function send(chunk: Buffer): Promise<boolean> {
  const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
  // A chunk owns its buffer (64 KiB chunks and longer lines are never cut from Node's shared pool).
  port.postMessage({ kind: 'chunk', chunk: bytes } satisfies FromExportThread, [bytes.buffer as ArrayBuffer]);
  unacked++;
  while (unacked >= MAX_UNACKED && !stopping) await new Promise<void>((resolve) => (wake = resolve));
  wake = undefined;
  return !stopping;
}

/**
 * The export's event chunks, a page of the log at a time: each event is written into the chunks as it is read, so the
 * pages read ahead hold the events' bytes rather than the decoded events.
 */
function eventChunkPages(request: ThreadExport, lines: EventChunks): AsyncGenerator<Buffer[]> {
  const streams = request.streams && new Set(request.streams);
  return takenEventPages<Buffer>(client, request.through, (event, chunks) => {
    if (streams && !streams.has(event.streamId)) return;
    const full = lines.add(event);
    if (full.length > 0) chunks.push(...full);
  });
}

async function write(request: ThreadExport): Promise<void> {
  unacked = 0;
  const end = new ExportEnd();
  const chunks = new LineChunks(CHUNK);
  try {
    for await (const page of eventChunkPages(request, new EventChunks(request.redactFor, end, chunks)))
      for (const chunk of page) if (!(await send(chunk))) return;
    const heads = headChunks(end, chunks);
    let next = heads.next();
    for (; !next.done; next = heads.next()) if (!(await send(next.value))) return;
    port.postMessage({ kind: 'tally', tally: next.value } satisfies FromExportThread);
  } finally {
    end.close();
  }
}

async function close(): Promise<void> {
  await client.dispose();
  port.postMessage({ kind: 'stopped' });
  port.close();
}

function fail(error: unknown): void {
  const failure = error instanceof Error ? error : new Error(String(error));
  port.postMessage({ kind: 'failed', message: failure.message, stack: failure.stack });
  port.close();
}

port.postMessage({ kind: 'ready' });

/**
 * Entry point of the worker thread that writes the event and head lines of an export read from the log in pages (see
 * `thread-export-chunks.ts`): reading `$all` through its own client, decoding and formatting happen here, so the API's
 * event loop only hands the finished chunks to the response.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { EventStoreDBClient } from '@eventstore/db-client';
import { domainEventPages, ExportEnd, type StreamEvent } from '@app/audit';
import { CHUNK, eventChunks, headChunks } from './event-chunks';
import { LineChunks } from './line-chunks';
import type { ExportThreadData, FromExportThread, ToExportThread } from './export-thread-messages';

const port = parentPort!;
const data = workerData as ExportThreadData;

/**
 * Chunks posted and not yet taken by the response: past this the thread stops formatting (and reading, once the page
 * read ahead is in), so a client that stops reading holds this, a page and the page read ahead, whatever the export's size.
 */
const MAX_UNACKED = 8;

let unacked = 0;
let stopping = false;
let wake: (() => void) | undefined;

port.on('message', (message: ToExportThread) => {
  if (message.kind === 'ack') unacked--;
  else stopping = true;
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

async function* pages(client: EventStoreDBClient): AsyncGenerator<readonly StreamEvent[]> {
  const streams = data.streams && new Set(data.streams);
  for await (const page of domainEventPages(client, data.through))
    yield streams ? page.filter((event) => streams.has(event.streamId)) : page;
}

async function main(): Promise<void> {
  const client = EventStoreDBClient.connectionString(data.connectionString);
  const end = new ExportEnd(data.scope);
  const chunks = new LineChunks(CHUNK);
  try {
    for await (const chunk of eventChunks(pages(client), data.redactFor, end, chunks)) if (!(await send(chunk))) return;
    const heads = headChunks(end, chunks);
    let next = heads.next();
    for (; !next.done; next = heads.next()) if (!(await send(next.value))) return;
    port.postMessage({ kind: 'tally', tally: next.value } satisfies FromExportThread);
  } finally {
    end.close();
    await client.dispose();
  }
}

port.postMessage({ kind: 'ready' });
main().then(
  () => {
    port.postMessage({ kind: 'stopped' });
    port.close();
  },
  (error: unknown) => {
    const failure = error instanceof Error ? error : new Error(String(error));
    port.postMessage({ kind: 'failed', message: failure.message, stack: failure.stack });
    port.close();
  },
);

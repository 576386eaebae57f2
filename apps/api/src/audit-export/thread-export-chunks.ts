import { Worker } from 'node:worker_threads';
import type { ExportTally } from '@app/audit';
import { compiledThreadEntry, superviseThread } from '@app/threads';
import { MessageQueue } from '@app/read-models/sources/message-queue';
import type { ExportThreadData, FromExportThread, ToExportThread } from './export-thread-messages';

/** A thread asked to stop mid-export (its client gone) has this long to close its read before it is terminated. */
const STOP_TIMEOUT_MS = 5_000;

/**
 * An export's event and head lines, in chunks, written by a thread of its own (`export-thread.ts`); returns what the
 * manifest signs. A chunk is acknowledged when the consumer asks for the next one, and the thread waits for
 * acknowledgements, so the log is read no faster than the response is sent. Stopping early (the client went away)
 * stops the thread.
 */
export async function* threadExportChunks(data: ExportThreadData): AsyncGenerator<Buffer, ExportTally> {
  const worker = new Worker(compiledThreadEntry(__filename, 'apps/api/src/audit-export/export-thread.js'), { workerData: data });
  // Unbounded here: the thread bounds what is in flight.
  const queue = new MessageQueue<FromExportThread>(
    Number.MAX_SAFE_INTEGER,
    () => undefined,
    () => undefined,
  );
  const thread = await superviseThread(worker, {
    name: 'the audit export thread',
    stopTimeoutMs: STOP_TIMEOUT_MS,
    onMessage: (message) => queue.push(message as FromExportThread),
    onFailure: (error) => queue.fail(error),
  });
  const post = (message: ToExportThread) => worker.postMessage(message);
  try {
    for await (const message of queue) {
      if (message.kind === 'tally') return message.tally;
      yield Buffer.from(message.chunk.buffer, message.chunk.byteOffset, message.chunk.length);
      post({ kind: 'ack' });
    }
    throw new Error('the audit export thread ended without its tally');
  } finally {
    queue.end();
    await thread.stop();
  }
}

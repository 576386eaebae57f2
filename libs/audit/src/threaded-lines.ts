import { createReadStream } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { compiledThreadEntry } from '@app/threads';
import type { ParsedLine } from './line-parser';
import { linesOfPiece } from './located-lines';

const NEWLINE = 0x0a;

/** A piece sent to a thread, and what came back: the piece and its lines' fields (`locateLines`). */
interface Located {
  bytes: Uint8Array;
  fields: Int32Array;
}

interface Waiter {
  done: (located: Located) => void;
  fail: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  /** The pieces sent and not answered yet, in the order sent. */
  waiting: Waiter[];
}

function startThread(): Thread {
  const thread: Thread = { worker: new Worker(compiledThreadEntry(__filename, 'libs/audit/src/line-hash-thread.js')), waiting: [] };
  const failAll = (error: Error) => {
    for (const waiter of thread.waiting.splice(0)) waiter.fail(error);
  };
  thread.worker.on('message', (located: Located) => thread.waiting.shift()?.done(located));
  thread.worker.on('error', failAll);
  thread.worker.on('exit', (code) => failAll(new Error(`a verifying thread exited (${code})`)));
  return thread;
}

/**
 * Threads that read and hash an export's event lines (the bulk of a verification's work) while this thread checks
 * the chains in file order. Each thread answers its pieces in the order it got them.
 */
class LocatingThreads {
  private readonly threads: Thread[];
  private next = 0;

  constructor(count: number) {
    this.threads = Array.from({ length: count }, startThread);
  }

  /** Sends `bytes` (given up: its memory moves to the thread) to the next thread in turn. */
  locate(bytes: Uint8Array): Promise<Located> {
    const thread = this.threads[this.next];
    this.next = (this.next + 1) % this.threads.length;
    return new Promise((done, fail) => {
      thread.waiting.push({ done, fail });
      thread.worker.postMessage(bytes, [bytes.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread.worker.terminate()));
  }
}

/** The file in pieces of whole lines (the last piece may end without a line break), each in memory of its own. */
async function* piecesOf(file: string): AsyncGenerator<Uint8Array> {
  const input = createReadStream(file, { highWaterMark: 1 << 20 });
  let rest: Buffer[] = [];
  const piece = (parts: Buffer[]) => {
    const bytes = new Uint8Array(parts.reduce((size, part) => size + part.length, 0));
    let at = 0;
    for (const part of parts) {
      bytes.set(part, at);
      at += part.length;
    }
    return bytes;
  };
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      const end = chunk.lastIndexOf(NEWLINE) + 1;
      if (end === 0) {
        rest.push(chunk);
        continue;
      }
      yield piece([...rest, chunk.subarray(0, end)]);
      rest = end < chunk.length ? [chunk.subarray(end)] : [];
    }
    if (rest.length > 0) yield piece(rest);
  } finally {
    input.destroy();
  }
}

/**
 * The file's lines, a piece at a time, read by `count` threads: an event line the fast read verified comes as what it
 * read, any other line as its bytes (for the full parse here). Pieces go to the threads in turn, a few ahead of the
 * one being checked, so that every thread is busy while this one goes through the lines in order.
 */
export async function* linesReadInThreads(file: string, count: number): AsyncGenerator<(Buffer | ParsedLine)[]> {
  const threads = new LocatingThreads(count);
  const ahead: Promise<Located>[] = [];
  const lines = ({ bytes, fields }: Located) => linesOfPiece(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), fields);
  try {
    for await (const bytes of piecesOf(file)) {
      const located = threads.locate(bytes);
      // Awaited in turn below; a failure meanwhile is not an unhandled one.
      located.catch(() => undefined);
      ahead.push(located);
      if (ahead.length >= count * 2) yield lines(await ahead.shift()!);
    }
    while (ahead.length > 0) yield lines(await ahead.shift()!);
  } finally {
    await threads.close();
  }
}

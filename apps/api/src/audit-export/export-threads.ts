import { Worker } from 'node:worker_threads';
import type { ExportTally } from '@app/audit';
import { compiledThreadEntry, superviseThread, type SupervisedThread } from '@app/threads';
import { MessageQueue } from '@app/read-models/sources/message-queue';
import type { ExportThreadData, FromExportThread, ThreadExport, ToExportThread } from './export-thread-messages';

/** A thread asked to stop mid-export (its client gone) has this long to close its read before it is terminated. */
const STOP_TIMEOUT_MS = 5_000;

/** Threads kept between exports: each keeps its compiled code and its connection for the next export. */
const KEPT = 1;

/**
 * Exports written by threads at once: more would only share the same cores, and each thread holds a heap of its own,
 * so a burst of exports must not start one each. A further export waits for a thread to be free.
 */
const MAX_RUNNING = 2;

/** One export thread and the export it is writing. */
class ExportThread {
  private current?: MessageQueue<FromExportThread>;
  failed = false;

  private constructor(
    private readonly worker: Worker,
    private thread?: SupervisedThread<object>,
  ) {}

  static async start(data: ExportThreadData): Promise<ExportThread> {
    const worker = new Worker(compiledThreadEntry(__filename, 'apps/api/src/audit-export/export-thread.js'), { workerData: data });
    // A kept thread does not hold the process open.
    worker.unref();
    const exportThread = new ExportThread(worker);
    exportThread.thread = await superviseThread(worker, {
      name: 'the audit export thread',
      stopTimeoutMs: STOP_TIMEOUT_MS,
      onMessage: (message) => exportThread.current?.push(message as FromExportThread),
      onFailure: (error) => {
        exportThread.failed = true;
        exportThread.current?.fail(error);
      },
    });
    return exportThread;
  }

  /** The export's chunks; a chunk is acknowledged when the consumer asks for the next one. */
  async *write(request: ThreadExport): AsyncGenerator<Buffer, ExportTally> {
    // Unbounded here: the thread bounds what is in flight.
    const queue = (this.current = new MessageQueue<FromExportThread>(
      Number.MAX_SAFE_INTEGER,
      () => undefined,
      () => undefined,
    ));
    this.post({ kind: 'export', export: request });
    try {
      for await (const message of queue) {
        if (message.kind === 'tally') return message.tally;
        yield Buffer.from(message.chunk.buffer, message.chunk.byteOffset, message.chunk.length);
        this.post({ kind: 'ack' });
      }
      throw new Error('the audit export thread ended an export without its tally');
    } finally {
      this.current = undefined;
    }
  }

  stop(): Promise<void> {
    return this.thread!.stop();
  }

  private post(message: ToExportThread): void {
    this.worker.postMessage(message);
  }
}

/**
 * The threads that write exports read from the log: one per export running, started when none is free; after an export
 * written to its end the thread is kept for the next (up to `KEPT`), after one cut short (its client gone) it is stopped.
 */
export class ExportThreads {
  private readonly kept: ExportThread[] = [];
  private readonly waiting: (() => void)[] = [];
  private running = 0;
  private closed = false;

  constructor(private readonly connectionString: string) {}

  /**
   * An export's event and head lines, in chunks, written by a thread; returns what the manifest signs. The thread waits
   * for each chunk to be taken, so the log is read no faster than the response is sent.
   */
  async *chunks(request: ThreadExport): AsyncGenerator<Buffer, ExportTally> {
    await this.turn();
    let thread: ExportThread | undefined;
    let whole = false;
    try {
      const kept = this.kept.pop();
      // A kept thread that failed while waiting was reported and is gone.
      thread = kept && !kept.failed ? kept : await ExportThread.start({ connectionString: this.connectionString });
      const tally = yield* thread.write(request);
      whole = true;
      return tally;
    } finally {
      if (thread && whole && !thread.failed && !this.closed && this.kept.length < KEPT) this.kept.push(thread);
      else await thread?.stop();
      this.done();
    }
  }

  /** Resolves when this export may have a thread: at once while fewer than `MAX_RUNNING` run, else in arrival order. */
  private async turn(): Promise<void> {
    if (this.running < MAX_RUNNING) this.running++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Hands the finished export's turn to the first one waiting. */
  private done(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }

  /** Stops the kept threads; an export still running stops its thread when it ends. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.kept.splice(0).map((thread) => thread.stop()));
  }
}

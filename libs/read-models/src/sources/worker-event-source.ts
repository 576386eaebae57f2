import { Worker } from 'node:worker_threads';
import { EventStoreDBClient } from '@eventstore/db-client';
import { upcastEvent } from '@app/domain';
import type { UpcastFn } from '@app/event-store';
import { LogPosition, ProjectionEvent } from '../projection';
import { EsdbEventSource } from './esdb-event-source';
import { EventSource, LogHead, SourceMessage, SourceSubscription } from './event-source';
import { MessageQueue } from './message-queue';
import { compiledThreadEntry } from '@app/threads';
import type { SubscriptionThreadData } from './subscription-thread';

type WorkerEvent = Omit<ProjectionEvent, 'data'> & { data: Record<string, unknown>; schemaVersion: number };
const ACK = Symbol('ack');

type WorkerMessage = { kind: 'events'; events: WorkerEvent[] } | { kind: 'caughtUp' } | { kind: 'error'; message: string };

/**
 * `$all` through the official client in a worker thread: decoding runs on another core while the
 * projector applies the previous batch. Head and lag reads (rare) use a client in this thread.
 */
export class WorkerEventSource implements EventSource {
  private readonly local: EsdbEventSource;

  constructor(
    private readonly connectionString: string,
    private readonly client: EventStoreDBClient,
    private readonly options: { upcast?: UpcastFn } = {},
  ) {
    this.local = new EsdbEventSource(client, options);
  }

  subscribe(after: LogPosition | undefined): SourceSubscription {
    const workerData: SubscriptionThreadData = { connectionString: this.connectionString, after };
    const worker = new Worker(compiledThreadEntry(__filename, 'libs/read-models/src/sources/subscription-thread.js'), { workerData });
    const upcast = this.options.upcast ?? upcastEvent;
    // The worker bounds what is in flight: a message is acknowledged once its events were taken from
    // here, so a slow projection holds back the decoding instead of piling events up in memory.
    const queue = new MessageQueue<SourceMessage | typeof ACK>(
      Number.MAX_SAFE_INTEGER,
      () => undefined,
      () => undefined,
    );
    let closed = false;
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'events') {
        // Built field by field (one shape, no rest/spread copies): this runs for every event on the projector's thread.
        const events: ProjectionEvent[] = message.events.map((e) => ({
          id: e.id,
          type: e.type,
          data: upcast(e.type, e.schemaVersion, e.data),
          streamId: e.streamId,
          revision: e.revision,
          position: e.position,
          createdAt: e.createdAt,
          traceparent: e.traceparent,
        }));
        queue.push({ kind: 'events', events });
        queue.push(ACK);
      } else if (message.kind === 'caughtUp') {
        queue.push({ kind: 'caughtUp' });
      } else {
        queue.fail(new Error(message.message));
      }
    });
    worker.on('error', (error) => queue.fail(error));
    worker.on('exit', (code) => {
      if (!closed) queue.fail(new Error(`the subscription worker exited (${code})`));
    });
    async function* messages(): AsyncGenerator<SourceMessage> {
      for await (const item of queue) {
        if (item === ACK) {
          if (!closed) worker.postMessage('ack');
          continue;
        }
        yield item;
      }
    }
    return {
      [Symbol.asyncIterator]: () => messages(),
      close: async () => {
        if (closed) return;
        closed = true;
        queue.end();
        const exited = new Promise((resolve) => worker.once('exit', resolve));
        worker.postMessage('close');
        const timer = setTimeout(() => void worker.terminate(), 2000);
        await exited;
        clearTimeout(timer);
      },
    };
  }

  head(): Promise<LogHead | undefined> {
    return this.local.head();
  }

  countAfter(after: LogPosition | undefined, limit: number): Promise<number> {
    return this.local.countAfter(after, limit);
  }
}

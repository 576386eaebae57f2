import { parentPort, workerData } from 'node:worker_threads';
import { EventStoreDBClient, excludeSystemEvents, START, type AllStreamResolvedEvent } from '@eventstore/db-client';

/**
 * The subscription thread of `WorkerEventSource`: decodes `$all` off the projector's thread.
 * Protocol: workerData = { after?: { commit, prepare }, connectionString }; posts { kind: 'events', events }
 * (plain data), { kind: 'caughtUp' }, { kind: 'error', message }; receives 'ack' per events message (at most
 * `maxUnacked` messages in flight) and 'close'.
 */
export interface SubscriptionThreadData {
  connectionString: string;
  after?: { commit: number; prepare: number };
}

const schemaVersionOf = (metadata: unknown) => {
  const version = (metadata as { schemaVersion?: unknown } | undefined)?.schemaVersion;
  return typeof version === 'number' ? version : 1;
};
const traceparentOf = (metadata: unknown) => {
  const traceparent = (metadata as { traceparent?: unknown } | undefined)?.traceparent;
  return typeof traceparent === 'string' ? traceparent : undefined;
};

const port = parentPort!;
const { connectionString, after } = workerData as SubscriptionThreadData;
const batchSize = 500;
// Deep enough that the decoder keeps going while the projector commits a large batch (bench/read-models measures it).
const maxUnacked = 32;
const client = EventStoreDBClient.connectionString(connectionString);
const subscription = client.subscribeToAll({
  fromPosition: after ? { commit: BigInt(after.commit), prepare: BigInt(after.prepare) } : START,
  filter: excludeSystemEvents(),
  resolveLinkTos: false,
});
let batch: unknown[] = [];
let unacked = 0;
let paused = false;
let scheduled = false;

const flush = () => {
  scheduled = false;
  if (batch.length === 0) return;
  port.postMessage({ kind: 'events', events: batch });
  batch = [];
  unacked++;
  if (!paused && unacked >= maxUnacked) {
    paused = true;
    subscription.pause();
  }
};
subscription.on('data', (resolved: AllStreamResolvedEvent) => {
  const event = resolved.event;
  if (!event || !event.isJson || !event.position) return;
  batch.push({
    id: event.id,
    type: event.type,
    data: event.data,
    schemaVersion: schemaVersionOf(event.metadata),
    streamId: event.streamId,
    revision: Number(event.revision),
    position: { commit: Number(event.position!.commit), prepare: Number(event.position!.prepare) },
    createdAt: event.created.toISOString(),
    traceparent: traceparentOf(event.metadata),
  });
  if (batch.length >= batchSize) flush();
  else if (!scheduled) {
    scheduled = true;
    setImmediate(flush);
  }
});
subscription.on('caughtUp', () => {
  flush();
  port.postMessage({ kind: 'caughtUp' });
});
const fail = (message: string) => {
  flush();
  port.postMessage({ kind: 'error', message });
};
subscription.on('error', (error: Error) => fail(error?.message ?? String(error)));
subscription.on('end', () => fail('the $all subscription ended'));
port.on('message', async (message: string) => {
  if (message === 'ack') {
    unacked--;
    if (paused && unacked <= maxUnacked / 2) {
      paused = false;
      subscription.resume();
    }
  } else if (message === 'close') {
    await subscription.unsubscribe().catch(() => undefined);
    await client.dispose().catch(() => undefined);
    process.exit(0);
  }
});

/**
 * The body of the subscription worker thread, started from its source text (`eval`) so the same code runs
 * from the TypeScript tree (tests) and from dist/. It must not refer to anything outside itself.
 * Protocol: workerData = { connectionString, clientModule, after?: { commit, prepare } }; posts
 * { kind: 'events', events } (plain data), { kind: 'caughtUp' }, { kind: 'error', message }; receives 'ack'
 * per events message (at most `maxUnacked` messages in flight) and 'close'.
 */
export function subscriptionWorker(): void {
  /* eslint-disable @typescript-eslint/no-require-imports -- this function's source text is the worker's script, where only require exists */
  const { parentPort, workerData } = require('node:worker_threads');
  const { EventStoreDBClient, excludeSystemEvents, START } = require(workerData.clientModule);
  /* eslint-enable @typescript-eslint/no-require-imports */
  const { connectionString, after } = workerData;
  const batchSize = 500;
  // Deep enough that the decoder keeps going while the projector commits a large batch (over 1M events 8 in flight gave 17.3k ev/s, 32 gave 19.2k).
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
    parentPort.postMessage({ kind: 'events', events: batch });
    batch = [];
    unacked++;
    if (!paused && unacked >= maxUnacked) {
      paused = true;
      subscription.pause();
    }
  };
  subscription.on('data', (resolved: any) => {
    const event = resolved.event;
    if (!event || !event.isJson || !event.position) return;
    batch.push({
      id: event.id,
      type: event.type,
      data: event.data,
      schemaVersion: typeof event.metadata?.schemaVersion === 'number' ? event.metadata.schemaVersion : 1,
      streamId: event.streamId,
      position: { commit: Number(event.position.commit), prepare: Number(event.position.prepare) },
      createdAt: event.created.toISOString(),
    });
    if (batch.length >= batchSize) flush();
    else if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  });
  subscription.on('caughtUp', () => {
    flush();
    parentPort.postMessage({ kind: 'caughtUp' });
  });
  const fail = (message: string) => {
    flush();
    parentPort.postMessage({ kind: 'error', message });
  };
  subscription.on('error', (error: Error) => fail(error?.message ?? String(error)));
  subscription.on('end', () => fail('the $all subscription ended'));
  parentPort.on('message', async (message: string) => {
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
}

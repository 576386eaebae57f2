import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { startEventStoreServer, startEventStoreServerInWorker } from '@app/eventstore-server';
import { startServerThread } from '@app/eventstore-server/worker/start-in-worker';

const until = async (check: () => boolean, what: string, timeoutMs = 5_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

const collectingLogger = () => {
  const lines: string[] = [];
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    void lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  return { lines, logger: { info: log('info'), warn: log('warn'), error: log('error') } };
};

describe('the embedded server in a worker thread', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'worker-server-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves clients, keeps stats() current and durable data after stop()', async () => {
    const { lines, logger } = collectingLogger();
    const store = await startEventStoreServerInWorker({ dataDir, port: 0, logger });
    expect(store.connectionString).toBe(`esdb://127.0.0.1:${store.port}?tls=false`);
    const client = EventStoreDBClient.connectionString(store.connectionString);
    try {
      let head = 0;
      for (let i = 0; i < 3; i++)
        head = Number((await client.appendToStream('worker-1', jsonEvent({ type: 'Added', data: { i } }))).position!.commit);
      await until(() => store.stats().headPosition === head, 'stats to show the appends');
      expect(store.stats().appends).toBeGreaterThanOrEqual(3);
      const subscription = client.subscribeToStream('worker-1');
      await until(() => store.stats().liveSubscriptions === 1, 'the subscription in stats');
      await subscription.unsubscribe();
    } finally {
      await client.dispose();
      await store.stop();
    }
    await store.stop();
    expect(lines.some((line) => line.startsWith('info event store listening'))).toBe(true);

    // What the worker acknowledged is on disk: an in-process server on the same directory reads it.
    const again = await startEventStoreServer({ dataDir, port: 0 });
    const reader = EventStoreDBClient.connectionString(again.connectionString);
    try {
      const read: unknown[] = [];
      for await (const resolved of reader.readStream('worker-1')) read.push(resolved.event?.data);
      expect(read).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }]);
    } finally {
      await reader.dispose();
      await again.stop();
    }
  });

  it("rejects the start with the thread's error when the server cannot start", async () => {
    const notADirectory = join(dataDir, 'file');
    writeFileSync(notADirectory, 'x');
    const { lines, logger } = collectingLogger();
    await expect(startEventStoreServerInWorker({ dataDir: notADirectory, port: 0, logger })).rejects.toThrow();
    expect(lines.some((line) => line.startsWith('error event store thread failed'))).toBe(true);
  });

  it('reports a thread that dies while serving to onFailure and the logger, once: a later stop() does not fail again', async () => {
    const { lines, logger } = collectingLogger();
    const failures: Error[] = [];
    const store = await startServerThread(join(__dirname, 'worker-thread-dies.js'), {
      memory: true,
      logger,
      onFailure: (error) => failures.push(error),
    });
    await until(() => failures.length > 0, 'onFailure');
    expect(failures).toHaveLength(1);
    expect(failures[0].message).toContain('boom in the server thread');
    expect(lines.some((line) => line.includes('boom in the server thread'))).toBe(true);
    await expect(store.stop()).resolves.toBeUndefined();
    expect(failures).toHaveLength(1);
  });
});

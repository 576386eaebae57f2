import { createHook } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { ServerWritableStream } from '@grpc/grpc-js';
import { silentLogger } from '@app/logging';
import { EventStorage, ExpectedRevision } from '../../storage';
import { LiveCalls } from '../context';
import { CallWriter } from './call-writer';
import type { ReadRequest } from './read-options';
import { runSubscription } from './subscription';

/** The server side of a Read call whose client reads everything at once; `written()` waits for the next reply. */
class InstantReader extends EventEmitter {
  cancelled = false;
  private next: (() => void) | undefined;

  write(): boolean {
    this.next?.();
    return true;
  }

  end(): void {
    this.emit('close');
  }

  written(): Promise<void> {
    return new Promise((resolve) => (this.next = resolve));
  }
}

const liveSubscriptionOfAll: ReadRequest = {
  source: { kind: 'all', from: { kind: 'end' } },
  backwards: false,
  resolveLinks: false,
  subscription: true,
  structuredIds: false,
};

describe('a live subscription', () => {
  it('keeps nothing per commit while it waits for the next one, however long the call lives', async () => {
    const storage = await EventStorage.open({ memory: true });
    const reader = new InstantReader();
    const writer = new CallWriter(reader as unknown as ServerWritableStream<unknown, Buffer>);
    const running = runSubscription({ storage, logger: silentLogger, live: new LiveCalls() }, liveSubscriptionOfAll, writer);
    const commitAndDeliver = async () => {
      const delivered = reader.written();
      await storage.append('s', ExpectedRevision.any, [
        { id: randomUUID(), type: 'T', isJson: true, data: Buffer.from('{}'), metadata: Buffer.alloc(0) },
      ]);
      await delivered;
    };

    for (let i = 0; i < 100; i++) await commitAndDeliver();
    // Waiting for one more commit may keep a few; what is alive must not grow with the commits.
    const alive = await promisesStillAliveAfter(async () => {
      for (let i = 0; i < 2000; i++) await commitAndDeliver();
    });

    writer.end();
    await running;
    await storage.close();
    // Each of those 2,000 waits once kept two promises alive until the call ended.
    expect(alive).toBeLessThan(100);
  });
});

/** How many of the promises created while `work` ran are still alive after it, once garbage is collected. */
async function promisesStillAliveAfter(work: () => Promise<void>): Promise<number> {
  setFlagsFromString('--expose-gc');
  const collectGarbage = runInNewContext('gc') as () => void;
  const alive = new Set<number>();
  const hook = createHook({
    init: (id, type) => void (type === 'PROMISE' && alive.add(id)),
    // Called for a promise once it has been collected.
    destroy: (id) => void alive.delete(id),
  }).enable();
  try {
    await work();
    // Past the current job (which holds its promises), collect, then let the destroy callbacks run.
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    await new Promise((resolve) => setImmediate(resolve));
    return alive.size;
  } finally {
    hook.disable();
  }
}

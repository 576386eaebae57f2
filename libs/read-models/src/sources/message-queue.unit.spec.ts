import { MessageQueue } from './message-queue';

describe('MessageQueue', () => {
  test('pauses the producer at capacity and resumes it once the consumer drained half', async () => {
    const calls: string[] = [];
    const queue = new MessageQueue<number>(
      4,
      () => calls.push('pause'),
      () => calls.push('resume'),
    );
    for (let i = 0; i < 6; i++) queue.push(i);
    queue.end();
    expect(calls).toEqual(['pause']);
    const seen: number[] = [];
    for await (const item of queue) {
      seen.push(item);
      calls.push(`got ${item}`);
    }
    expect(seen).toEqual([0, 1, 2, 3, 4, 5]);
    // 6 queued; after taking 0..3, two remain (<= capacity / 2): resumed before 3 is handed over.
    expect(calls).toEqual(['pause', 'got 0', 'got 1', 'got 2', 'resume', 'got 3', 'got 4', 'got 5']);
  });

  test('a waiting consumer wakes on push; a failure surfaces after what was queued before it', async () => {
    const queue = new MessageQueue<string>(
      10,
      () => undefined,
      () => undefined,
    );
    const iterator = queue[Symbol.asyncIterator]();
    const next = iterator.next();
    queue.push('a');
    expect(await next).toEqual({ value: 'a', done: false });
    queue.push('b');
    queue.fail(new Error('connection lost'));
    expect(await iterator.next()).toEqual({ value: 'b', done: false });
    await expect(iterator.next()).rejects.toThrow('connection lost');
  });
});

import { Worker } from 'node:worker_threads';
import { superviseThread } from './supervise-thread';

// Threads from source text: each stands for one way a helper thread behaves.
const thread = (body: string) => new Worker(`const { parentPort } = require('node:worker_threads');\n${body}`, { eval: true });

describe('superviseThread', () => {
  it('starts on ready, passes other messages on, and stops on request', async () => {
    const seen: unknown[] = [];
    const supervised = await superviseThread<{ port: number }>(
      thread(`parentPort.postMessage({ kind: 'note', n: 1 });
        parentPort.postMessage({ kind: 'ready', port: 7 });
        parentPort.on('message', (m) => { if (m.kind === 'stop') { parentPort.postMessage({ kind: 'stopped' }); parentPort.close(); } });`),
      { name: 'the test thread', onMessage: (m) => seen.push(m), onFailure: (error) => seen.push(error) },
    );
    expect(supervised.ready).toEqual({ port: 7 });
    await supervised.stop();
    expect(seen).toEqual([{ kind: 'note', n: 1 }]);
  });

  it("rejects the start with the thread's failure, reported once", async () => {
    const failures: string[] = [];
    const started = superviseThread(thread(`parentPort.postMessage({ kind: 'failed', message: 'cannot open' });`), {
      name: 'the test thread',
      onFailure: (error, phase) => failures.push(`${phase}: ${error.message}`),
    });
    await expect(started).rejects.toThrow('cannot open');
    expect(failures).toEqual(['starting: cannot open']);
  });

  it('fails a stop that the thread never completes, after the timeout', async () => {
    const failures: string[] = [];
    const supervised = await superviseThread(thread(`parentPort.postMessage({ kind: 'ready' }); setInterval(() => {}, 1000);`), {
      name: 'the test thread',
      onFailure: (error, phase) => failures.push(`${phase}: ${error.message}`),
      stopTimeoutMs: 100,
    });
    await expect(supervised.stop()).rejects.toThrow('did not stop within 100 ms');
    expect(failures).toEqual(['stopping: the test thread did not stop within 100 ms']);
  });
});

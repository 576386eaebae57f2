// Each JavaScript thread's memory in a running Node process, through its inspector (started with
// `--inspect=127.0.0.1:<port>`): the main thread and every worker thread (the API's projector and embedded store),
// as `process.memoryUsage()` reports it inside that thread. Needs a global WebSocket (Node 22+, or Node 20 with
// `--experimental-websocket`).
'use strict';
const { writeFileSync } = require('node:fs');

/** Connects to the inspector on `port`; resolves with `sample()`, giving MB per thread, and `close()`. */
async function threadMemory(port) {
  // A global on Node 22 and later, behind --experimental-websocket on Node 20.
  const { WebSocket } = globalThis;
  const [target] = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  let lastId = 0;
  const waiting = new Map();
  const workers = new Map();
  /** Heap snapshot chunks of the thread being written, by session ('' for the main thread). */
  const chunks = new Map();
  const onEvent = (sessionId, { method, params }) => {
    if (method === 'HeapProfiler.addHeapSnapshotChunk') chunks.get(sessionId)?.push(params.chunk);
  };
  socket.onmessage = ({ data }) => {
    const message = JSON.parse(data);
    if (message.method === 'NodeWorker.attachedToWorker') {
      workers.set(message.params.sessionId, message.params.workerInfo.url.split('/').pop().replace(/\.js$/, ''));
    } else if (message.method === 'NodeWorker.receivedMessageFromWorker') {
      const inner = JSON.parse(message.params.message);
      if (inner.id === undefined) onEvent(message.params.sessionId, inner);
      else waiting.get(`${message.params.sessionId}:${inner.id}`)?.(inner.result);
    } else if (message.id !== undefined) waiting.get(String(message.id))?.(message.result);
    else onEvent('', message);
  };
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  const call = (method, params, sessionId, timeoutMs = 5_000) =>
    new Promise((resolve) => {
      const id = ++lastId;
      const key = sessionId ? `${sessionId}:${id}` : String(id);
      const timer = setTimeout(() => resolve(undefined), timeoutMs);
      waiting.set(key, (result) => {
        clearTimeout(timer);
        waiting.delete(key);
        resolve(result);
      });
      const message = { id, method, params };
      socket.send(
        JSON.stringify(
          sessionId
            ? { id: ++lastId, method: 'NodeWorker.sendMessageToWorker', params: { sessionId, message: JSON.stringify(message) } }
            : message,
        ),
      );
    });
  await call('NodeWorker.enable', { waitForDebuggerOnStart: false });
  await new Promise((resolve) => setTimeout(resolve, 500));
  const usage = async (sessionId) => {
    const result = await call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true }, sessionId);
    if (!result?.result?.value) return undefined;
    const { heapUsed, heapTotal, external } = JSON.parse(result.result.value);
    const mb = (bytes) => Math.round(bytes / 1048576);
    return { heapUsed: mb(heapUsed), heapTotal: mb(heapTotal), external: mb(external) };
  };
  return {
    /** { main: {heapUsed, heapTotal, external}, <worker file>: {...} } in MB. */
    async sample() {
      const threads = { main: await usage() };
      for (const [sessionId, name] of workers) threads[name] = await usage(sessionId);
      return threads;
    },
    /** Writes a heap snapshot of the thread named `name` ('main' or a worker's file) to `file` (a .heapsnapshot). */
    async snapshot(name, file) {
      const sessionId = name === 'main' ? '' : [...workers].find(([, worker]) => worker === name)?.[0];
      if (sessionId === undefined) throw new Error(`no thread ${name}`);
      chunks.set(sessionId, []);
      await call('HeapProfiler.takeHeapSnapshot', { reportProgress: false }, sessionId || undefined, 120_000);
      writeFileSync(file, chunks.get(sessionId).join(''));
      chunks.delete(sessionId);
    },
    close: () => socket.close(),
  };
}

/** One line: each thread's heap used/total and external memory. */
const describeThreads = (threads) =>
  Object.entries(threads)
    .map(([name, m]) => (m ? `${name} heap ${m.heapUsed}/${m.heapTotal} ext ${m.external}` : `${name} ?`))
    .join(', ');

module.exports = { describeThreads, threadMemory };

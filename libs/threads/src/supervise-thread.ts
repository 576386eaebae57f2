import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Worker } from 'node:worker_threads';

/** What every supervised thread posts about itself; anything else is the caller's own message. */
export type LifecycleMessage<Ready> =
  ({ kind: 'ready' } & Ready) | { kind: 'stopped' } | { kind: 'failed'; message: string; stack?: string };

export type ThreadPhase = 'starting' | 'running' | 'stopping';

export interface SupervisedThread<Ready> {
  /** The thread's `ready` message. */
  readonly ready: Ready;
  /**
   * Asks the thread to stop (`{ kind: 'stop' }`) and waits for it; rejects if it fails while stopping (a hung
   * thread is terminated after a timeout).
   */
  stop(): Promise<void>;
}

export interface SuperviseOptions {
  /** For messages: "the event store thread". */
  name: string;
  /** The caller's own messages (logs, stats). */
  onMessage?(message: { kind: string }): void;
  /**
   * Called once for the first failure (an error, an unexpected exit, a `failed` message, a hung stop),
   * with the phase it happened in. A failure while starting also rejects the start; while stopping, the stop.
   */
  onFailure(error: Error, phase: ThreadPhase): void;
  stopTimeoutMs?: number;
}

/**
 * The lifecycle both of the API's helper threads (the embedded store, the inline projector) share: started
 * once the thread says `ready`, stopped on request, and every way a thread can die reported exactly once.
 */
export function superviseThread<Ready extends object>(worker: Worker, options: SuperviseOptions): Promise<SupervisedThread<Ready>> {
  const stopTimeoutMs = options.stopTimeoutMs ?? 15_000;
  return new Promise((resolveStart, rejectStart) => {
    let phase: ThreadPhase | 'stopped' | 'failed' = 'starting';
    let stopped: { resolve(): void; reject(error: Error): void } | undefined;
    let stopping: Promise<void> | undefined;

    const failWith = (error: Error) => {
      const previous = phase;
      if (previous === 'stopped' || previous === 'failed') return;
      phase = 'failed';
      options.onFailure(error, previous);
      if (previous === 'starting') rejectStart(error);
      else if (previous === 'stopping') stopped?.reject(error);
      void worker.terminate();
    };

    const stop = () =>
      (stopping ??= new Promise<void>((resolveStop, rejectStop) => {
        // Not running (never started, already stopped, or failed and reported once through onFailure).
        if (phase !== 'running') return resolveStop();
        phase = 'stopping';
        const guard = setTimeout(() => failWith(new Error(`${options.name} did not stop within ${stopTimeoutMs} ms`)), stopTimeoutMs);
        guard.unref();
        stopped = {
          resolve: () => (clearTimeout(guard), resolveStop()),
          reject: (error) => (clearTimeout(guard), rejectStop(error)),
        };
        worker.postMessage({ kind: 'stop' });
      }));

    worker.on('message', (message: LifecycleMessage<Ready> | { kind: string }) => {
      if (message.kind === 'ready') {
        phase = 'running';
        const { kind: _kind, ...ready } = message as { kind: 'ready' } & Ready;
        resolveStart({ ready: ready as unknown as Ready, stop });
      } else if (message.kind === 'stopped') phase = 'stopped';
      else if (message.kind === 'failed') {
        const failed = message as { message: string; stack?: string };
        const error = new Error(failed.message);
        if (failed.stack) error.stack = failed.stack;
        failWith(error);
      } else options.onMessage?.(message);
    });
    worker.on('error', (error) => failWith(error));
    worker.on('exit', (code) => {
      if (phase === 'stopped' || (phase === 'stopping' && code === 0)) {
        phase = 'stopped';
        stopped?.resolve();
      } else failWith(new Error(`${options.name} exited (code ${code}) while ${phase}`));
    });
  });
}

/**
 * A thread's compiled entry script: beside the caller in dist/, or, when the caller runs as TypeScript
 * (ts-jest; a worker cannot load TypeScript), its compiled twin under dist/ (the test setup builds it).
 */
export function compiledThreadEntry(callerFile: string, entryFromRoot: string): string {
  const root = resolve(__dirname, '../../..');
  if (callerFile.endsWith('.js')) return join(root, entryFromRoot);
  const compiled = join(root, 'dist', entryFromRoot);
  if (!existsSync(compiled)) throw new Error(`${compiled} is missing: run npm run build first`);
  return compiled;
}

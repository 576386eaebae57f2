import type { LifecycleMessage } from '@app/threads';
import type { EventStoreServerOptions } from '../server';

/** What the thread is started with: the server's options without the logger (a function cannot cross threads). */
export interface ServerThreadData {
  options: Omit<EventStoreServerOptions, 'logger'>;
  /** STATS_FIELDS.length float64 slots the thread keeps current, so `stats()` stays synchronous. */
  stats: SharedArrayBuffer;
  statsIntervalMs: number;
}

export const STATS_FIELDS = ['appends', 'bytes', 'headPosition', 'liveSubscriptions', 'persistentBacklog'] as const;

export interface ServerThreadReady {
  port: number;
  connectionString: string;
}

/** Besides its lifecycle (`@app/threads`: ready, stopped, failed), the thread forwards its log lines. */
export type FromServerThread =
  | LifecycleMessage<ServerThreadReady>
  | { kind: 'log'; level: 'info' | 'warn' | 'error'; message: string; fields?: Record<string, unknown> };

export type ToServerThread = { kind: 'stop' };

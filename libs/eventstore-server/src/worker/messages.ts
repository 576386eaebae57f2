import type { EventStoreServerOptions } from '../server';

/** What the thread is started with: the server's options without the logger (a function cannot cross threads). */
export interface ServerThreadData {
  options: Omit<EventStoreServerOptions, 'logger'>;
  /** STATS_FIELDS.length float64 slots the thread keeps current, so `stats()` stays synchronous. */
  stats: SharedArrayBuffer;
  statsIntervalMs: number;
}

export const STATS_FIELDS = ['appends', 'bytes', 'headPosition', 'liveSubscriptions', 'persistentBacklog'] as const;

export type FromServerThread =
  | { kind: 'ready'; port: number; connectionString: string }
  | { kind: 'log'; level: 'info' | 'warn' | 'error'; message: string; fields?: Record<string, unknown> }
  | { kind: 'stopped' }
  | { kind: 'failed'; message: string; stack?: string };

export type ToServerThread = { kind: 'stop' };

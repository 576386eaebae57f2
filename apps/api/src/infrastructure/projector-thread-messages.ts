import type { LogLevel } from '@app/logging';
import type { RunnerState } from '@app/read-models';
import type { LifecycleMessage } from '@app/threads';

export interface ProjectorThreadData {
  connectionString: string;
  dataDir: string;
  databaseUrl?: string;
  batchSize: number;
  /** The API's log level, and whether its logs are pretty (a terminal): the thread logs as the API does. */
  logLevel: LogLevel;
  prettyLogs: boolean;
  /** How often the thread reports its runners' states (for the health check in the main thread). */
  statesIntervalMs: number;
}

export type RunnerStates = ReadonlyArray<readonly [name: string, status: { state: RunnerState; lastError?: string }]>;

/** Besides its lifecycle (`@app/threads`: ready, stopped, failed), the thread reports its runners' states. */
export type FromProjectorThread = LifecycleMessage<object> | { kind: 'states'; states: RunnerStates };

export type ToProjectorThread = { kind: 'stop' };

import type { RunnerState } from '@app/read-models';
import type { LifecycleMessage } from '@app/threads';

export interface ProjectorThreadData {
  connectionString: string;
  dataDir: string;
  databaseUrl?: string;
  batchSize: number;
  /** How often the thread reports its runners' states (for the health check in the main thread). */
  statesIntervalMs: number;
}

export type RunnerStates = ReadonlyArray<readonly [name: string, status: { state: RunnerState; lastError?: string }]>;

/** Besides its lifecycle (`@app/threads`: ready, stopped, failed), the thread reports its runners' states. */
export type FromProjectorThread = LifecycleMessage<object> | { kind: 'states'; states: RunnerStates };

export type ToProjectorThread = { kind: 'stop' };

import type { RunnerState } from '@app/read-models';

export interface ProjectorThreadData {
  connectionString: string;
  dataDir: string;
  databaseUrl?: string;
  batchSize: number;
  /** How often the thread reports its runners' states (for the health check in the main thread). */
  statesIntervalMs: number;
}

export type RunnerStates = ReadonlyArray<readonly [name: string, status: { state: RunnerState; lastError?: string }]>;

export type FromProjectorThread =
  | { kind: 'started' }
  | { kind: 'states'; states: RunnerStates }
  | { kind: 'stopped' }
  | { kind: 'failed'; message: string; stack?: string };

export type ToProjectorThread = { kind: 'stop' };

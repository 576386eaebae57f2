import { join, resolve } from 'node:path';
import type { EnvReader } from './env-reader';

/** Where a deployment keeps its event log and read models: the same settings for the API and the projector. */
export interface StorageConfig {
  dataDir: string;
  /** Unset: the embedded event store on `DATA_DIR/eventstore`. */
  eventStoreUrl?: string;
  /** Unset: the read models in `DATA_DIR/read-models.sqlite`. */
  databaseUrl?: string;
}

export function readStorageConfig(read: EnvReader): StorageConfig {
  return {
    dataDir: resolve(read.string('DATA_DIR', './data')),
    eventStoreUrl: read.url('EVENTSTORE_URL', ['esdb:', 'esdb+discover:']),
    databaseUrl: read.url('DATABASE_URL', ['postgres:', 'postgresql:']),
  };
}

export function eventStoreDataDir(storage: Pick<StorageConfig, 'dataDir'>): string {
  return join(storage.dataDir, 'eventstore');
}

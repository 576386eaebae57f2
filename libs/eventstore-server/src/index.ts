export { startEventStoreServer } from './server';
export type { EmbeddedEventStore, EventStoreServerOptions, ServerStats } from './server';
export { jsonLogger, silentLogger } from './logger';
export type { Logger } from './logger';
export { startEventStoreServerInWorker } from './worker/start-in-worker';
export type { WorkerServerOptions } from './worker/start-in-worker';

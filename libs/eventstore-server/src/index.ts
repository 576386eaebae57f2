export { startEventStoreServer } from './server';
export type { EmbeddedEventStore, EventStoreServerOptions, ServerStats } from './server';
export { startEventStoreServerInWorker } from './worker/start-in-worker';
export type { WorkerServerOptions } from './worker/start-in-worker';

export { startEventStoreServer } from './server';
export type { EmbeddedEventStore, EventStoreServerOptions, ServerStats } from './server';
export { jsonLogger, silentLogger } from './logger';
export type { Logger } from './logger';

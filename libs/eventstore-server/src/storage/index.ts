export * from './event-storage';
export * from './records';
export type { CommittedGroup } from './group-commit';
export type { StreamMetadata } from './stream-metadata';
export type { StreamState } from './stream-state-cache';
export * from './null-storage';

export * from './spans';
export * from './settings';

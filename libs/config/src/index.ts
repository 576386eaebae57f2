export * from './env-reader';
export * from './command-line';
export * from './storage';
export * from './data-dir-file';

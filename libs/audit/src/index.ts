export * from './canonical-json';
export * from './export-line';
export * from './manifest';
export * from './signing-key';
export * from './chain-check';
export * from './export-verifier';
export * from './verify-export-file';
export * from './log-reader';

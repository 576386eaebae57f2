export * from './catalogue';
export * from './compatibility';

export * from './logger';
export { prettyLine, prettyDestination } from './pretty-lines';

export * from './catalogue';
export * from './compatibility';
export * from './asyncapi-document';

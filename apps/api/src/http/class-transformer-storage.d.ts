// class-transformer's metadata storage, as @nestjs/mapped-types reads it: the package ships the module without typings
// at this path.
declare module 'class-transformer/cjs/storage' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage';
}

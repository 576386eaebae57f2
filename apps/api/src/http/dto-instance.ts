import { plainToInstance } from 'class-transformer';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';

type Storage = Record<'_typeMetadatas' | '_transformMetadatas' | '_exposeMetadatas' | '_excludeMetadatas', Map<unknown, unknown>>;

/** Per class: does it, or a class it extends, declare anything for class-transformer? Read once per class. */
const transformed = new WeakMap<object, boolean>();

function usesTransformer(metatype: object): boolean {
  let uses = transformed.get(metatype);
  if (uses === undefined) {
    const storage = defaultMetadataStorage as unknown as Storage;
    const maps = [storage._typeMetadatas, storage._transformMetadatas, storage._exposeMetadatas, storage._excludeMetadatas];
    uses = false;
    for (let type = metatype; !uses && type !== Function.prototype && type !== null; type = Object.getPrototypeOf(type) as object)
      uses = maps.some((map) => map.has(type));
    transformed.set(metatype, uses);
  }
  return uses;
}

/**
 * The DTO class instance a request's value is validated as. The one shortcut past class-transformer: a parsed JSON
 * body whose class declares nothing for the transformer (no nested type, transform, exposed or excluded field) is
 * filled with the body's own fields, which is what `plainToInstance` makes of it, without the transformer's walk over
 * its metadata for every field of every request (`bench/api/validation-pipe.js` measures both). Parsed bodies only:
 * the JSON body parser has refused keys such as `__proto__` (`json-body.ts`); query strings go through the transformer.
 */
export function dtoInstance(metatype: new () => unknown, value: object, parsedBody: boolean): object {
  if (parsedBody && !usesTransformer(metatype)) return Object.assign(new metatype() as object, value);
  return plainToInstance(metatype, value, { enableImplicitConversion: false }) as object;
}

import { getMetadataStorage, IsInt, IsOptional, IsString, Min, ValidateNested, validateSync } from 'class-validator';
import { cacheValidationMetadata } from './validation-metadata';

class Base {
  @IsString() name!: string;
}

class Child extends Base {
  @IsInt() @Min(1) count!: number;
  @IsOptional() @ValidateNested() inner?: Base;
}

class Late {
  @IsString() a!: string;
}

const options = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };
const storage = getMetadataStorage();
const lookup = (target: new () => object, always = false) => storage.getTargetValidationMetadatas(target, '', always, false, undefined);
const failures = (object: object) => validateSync(object, options).map((error) => error.property);

describe('the validation metadata cache', () => {
  // class-validator's own answers, before the cache is installed.
  const uncached = { base: lookup(Base), child: lookup(Child), always: lookup(Child, true) };
  let restore: () => void;
  beforeAll(() => (restore = cacheValidationMetadata()));
  afterAll(() => restore());

  it("gives class-validator's own rules for a class, a subclass and each option set, once worked out", () => {
    expect(lookup(Base)).toEqual(uncached.base);
    expect(lookup(Child)).toEqual(uncached.child);
    expect(lookup(Child, true)).toEqual(uncached.always);
    expect(lookup(Child)).toBe(lookup(Child));
    expect(lookup(Child, true)).not.toBe(lookup(Child));
  });

  it('validates as before: inherited rules, nested objects, unknown fields', () => {
    expect(failures(Object.assign(new Child(), { name: 'x', count: 2 }))).toEqual([]);
    expect(failures(Object.assign(new Child(), { name: 1, count: 0 }))).toEqual(['count', 'name']);
    expect(failures(Object.assign(new Child(), { name: 'x', count: 2, extra: true }))).toEqual(['extra']);
    const inner = Object.assign(new Base(), { name: 3 });
    expect(validateSync(Object.assign(new Child(), { name: 'x', count: 2, inner }), options)[0].children?.[0].property).toBe('name');
  });

  it('applies a rule added after the class was first validated', () => {
    expect(failures(Object.assign(new Late(), { a: 'x', b: 1 }))).toEqual(['b']);
    IsInt()(Late.prototype, 'b');
    expect(failures(Object.assign(new Late(), { a: 'x', b: 1 }))).toEqual([]);
    expect(failures(Object.assign(new Late(), { a: 'x', b: 'one' }))).toEqual(['b']);
  });

  it('is installed once, and restoring puts back the lookup of every validation', () => {
    cacheValidationMetadata()();
    expect(lookup(Child)).toBe(lookup(Child));
    restore();
    expect(lookup(Child)).not.toBe(lookup(Child));
    expect(lookup(Child)).toEqual(uncached.child);
    restore = cacheValidationMetadata();
  });
});

import 'reflect-metadata';
import { plainToInstance, Transform, Type } from 'class-transformer';
import { IsInt, IsString, Max, Min, ValidateNested, validateSync } from 'class-validator';
import { dtoInstance } from './dto-instance';

class Flat {
  @IsInt() @Min(1) @Max(10) count!: number;
  @IsString() name!: string;
}

class Inner {
  @IsString() city!: string;
}

class Nested {
  @ValidateNested() @Type(() => Inner) address!: Inner;
}

class InheritsNested extends Nested {
  @IsString() name!: string;
}

class Transformed {
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',') : value))
  @IsString({ each: true })
  types!: string[];
}

const options = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
};
const errorsOf = (instance: object) => validateSync(instance, options).map((e) => [e.property, Object.keys(e.constraints ?? {})]);

describe('the DTO instance a request value is validated as', () => {
  it('is, for a body class that declares nothing for class-transformer, an instance filled with the body, validated as the transformer’s', () => {
    const bodies = [{ count: 3, name: 'a' }, { count: 0, name: 'a' }, { count: '3', name: 7 }, { count: 3, name: 'a', extra: true }, {}];
    for (const body of bodies) {
      const instance = dtoInstance(Flat, body, true);
      expect(instance).toBeInstanceOf(Flat);
      expect({ ...instance }).toEqual(body);
      expect(errorsOf(instance)).toEqual(errorsOf(plainToInstance(Flat, body) as object));
    }
    expect(errorsOf(dtoInstance(Flat, { count: 3, name: 'a', extra: true }, true))).toEqual([['extra', ['whitelistValidation']]]);
  });

  it('goes through class-transformer for a class with a nested type, declared on it or on a class it extends', () => {
    for (const type of [Nested, InheritsNested]) {
      const instance = dtoInstance(type, { address: { city: 'Oslo' }, name: 'a' }, true) as Nested;
      expect(instance.address).toBeInstanceOf(Inner);
    }
    expect(errorsOf(dtoInstance(Nested, { address: { city: 7 } }, true))).toEqual([['address', []]]);
  });

  it('applies a transform, in a body and in a query string alike', () => {
    expect((dtoInstance(Transformed, { types: 'A,B' }, true) as Transformed).types).toEqual(['A', 'B']);
    expect((dtoInstance(Transformed, { types: 'A,B' }, false) as Transformed).types).toEqual(['A', 'B']);
  });
});

import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { validateSync, type ValidationError } from 'class-validator';
import { dtoInstance } from './dto-instance';
import { cacheValidationMetadata } from './validation-metadata';
import { validationProblem } from './problem';

const PRIMITIVES: unknown[] = [String, Number, Boolean, Array, Object];

/**
 * Validates request bodies, and query strings declared as a DTO class, against their class: unknown fields are
 * refused, and every refusal names the field by its path (`address.city`, `subscriptions.0.quantity`).
 */
@Injectable()
export class DtoValidationPipe implements PipeTransform {
  constructor() {
    cacheValidationMetadata();
  }

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const { metatype } = metadata;
    if ((metadata.type !== 'body' && metadata.type !== 'query') || !metatype || PRIMITIVES.includes(metatype)) return value;
    if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) {
      throw validationProblem([{ field: 'body', message: 'must be a JSON object' }]);
    }
    const instance = dtoInstance(metatype, value, metadata.type === 'body');
    const errors = validateSync(instance, {
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      validationError: { target: false, value: false },
    });
    if (errors.length > 0) throw validationProblem(flatten(errors, ''));
    return instance;
  }
}

function flatten(errors: ValidationError[], prefix: string): { field: string; message: string }[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

import { Param, type PipeTransform } from '@nestjs/common';
import { isValidId } from '@app/domain';
import { ProblemException, problem } from '../http/problem';

class IdPipe implements PipeTransform<unknown, string> {
  constructor(private readonly field: string) {}
  transform(value: unknown): string {
    if (!isValidId(value)) {
      throw new ProblemException(
        problem(400, 'VALIDATION', `${this.field} must be 1-64 letters, digits or dashes.`, { field: this.field }),
      );
    }
    return value;
  }
}

/** A path id, refused with 400 naming the parameter unless it is a well-formed id. */
export const IdParam = (name: string) => Param(name, new IdPipe(name));

import { STATUS_TITLES, problemTypeUri, type ProblemCode } from '../problem-types/problem-catalogue';

/** RFC 9457 problem details, with our stable `code` and the offending `field`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  field?: string;
  errors?: { field: string; message: string }[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * A code of the catalogue (its type URI answers with a page explaining it), or `HTTP_<status>` for what the framework
 * itself refuses.
 */
export function problem(
  status: number,
  code: ProblemCode | `HTTP_${number}`,
  detail: string,
  extra: Pick<Problem, 'field' | 'errors'> = {},
): Problem {
  return {
    type: problemTypeUri(code),
    title: STATUS_TITLES[status] ?? 'Error',
    status,
    code,
    detail,
    ...extra,
  };
}

/** Thrown by our own HTTP layer (validation, preconditions); the filter renders it as is. */
export class ProblemException extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

export function validationProblem(errors: { field: string; message: string }[]): ProblemException {
  const first = errors[0];
  return new ProblemException(problem(400, 'VALIDATION', `${first.field}: ${first.message}`, { field: first.field, errors }));
}

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

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problem(status: number, code: string, detail: string, extra: Pick<Problem, 'field' | 'errors'> = {}): Problem {
  return {
    type: `/problems/${code.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
    title: TITLES[status] ?? 'Error',
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

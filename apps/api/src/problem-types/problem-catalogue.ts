import { errorCatalogue, type ErrorCode, type ErrorKind } from '@app/domain';

/** The HTTP status each family of domain errors answers with. */
export const STATUS_OF_KIND: Record<ErrorKind, number> = { VALIDATION: 400, NOT_FOUND: 404, CONFLICT: 409, FORBIDDEN: 403, RULE: 409 };

export const STATUS_TITLES: Record<number, string> = {
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

/** The codes the HTTP layer answers with besides the domain's (authentication, limits, preconditions, replays). */
const httpProblems = {
  MALFORMED_REQUEST: { status: 400, description: 'The request is not well-formed HTTP/1.1; the connection is closed.' },
  UNAUTHENTICATED: { status: 401, description: 'The bearer token is missing, malformed, expired or not signed by a trusted key.' },
  REQUEST_TIMEOUT: { status: 408, description: 'The request headers and body did not arrive within the time allowed.' },
  CONCURRENCY: { status: 409, description: 'The resource was changed by another request meanwhile; read it again and retry.' },
  IDEMPOTENCY_KEY_IN_PROGRESS: { status: 409, description: 'A request with this Idempotency-Key is still running; retry shortly.' },
  IDEMPOTENCY_RESPONSE_LOST: {
    status: 409,
    description: 'An earlier request with this Idempotency-Key created an invitation whose link cannot be shown again; revoke it.',
  },
  'WEBHOOK.LIMIT_REACHED': { status: 409, description: 'The partner has the most webhook registrations allowed.' },
  PRECONDITION_FAILED: { status: 412, description: 'If-Match names a revision that is no longer the current one.' },
  PAYLOAD_TOO_LARGE: { status: 413, description: 'The request body exceeds the size limit.' },
  URI_TOO_LONG: { status: 414, description: 'A path segment is longer than the API accepts.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, description: 'The body is not sent as application/json.' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, description: 'This Idempotency-Key was used before with a different request.' },
  RATE_LIMITED: { status: 429, description: 'Too many requests from this partner, customer or address this minute; see Retry-After.' },
  TOO_MANY_STREAMS: { status: 429, description: 'Too many event streams are open, for this partner or in all; close one or retry later.' },
  HEADERS_TOO_LARGE: { status: 431, description: 'The request headers exceed the size limit.' },
  INTERNAL: { status: 500, description: 'An unexpected error occurred; the request id in the log tells the operator where.' },
  OVERLOADED: { status: 503, description: 'The API runs as many requests as it allows at once; retry after Retry-After.' },
  READ_MODEL_BEHIND: { status: 503, description: 'The read model did not reach the X-Min-Position asked for in time; retry shortly.' },
  TOO_MANY_POSITION_WAITS: { status: 503, description: 'Too many requests wait for an X-Min-Position at once; retry shortly.' },
} as const satisfies Record<string, { status: number; description: string }>;

/** Every code a problem document of this API carries (besides `HTTP_<status>` for what the framework refuses). */
export type ProblemCode = ErrorCode | keyof typeof httpProblems;

export interface ProblemType {
  code: ProblemCode;
  /** The status the code usually answers with (a few domain codes answer 404 where 403 would tell too much). */
  status: number;
  title: string;
  description: string;
}

/** `RELATIONSHIP.ALREADY_ACTIVE` → `relationship-already-active`: the last segment of the code's type URI. */
export const problemSlug = (code: string): string => code.toLowerCase().replace(/[^a-z0-9]+/g, '-');

export const problemTypeUri = (code: string): string => `/problems/${problemSlug(code)}`;

/** Every code's problem type: the domain's errors, then the HTTP layer's. */
export const catalogue: readonly ProblemType[] = [
  ...Object.entries(errorCatalogue).map(([code, { kind, description }]) => ({
    code: code as ErrorCode,
    status: STATUS_OF_KIND[kind],
    description,
  })),
  ...Object.entries(httpProblems).map(([code, { status, description }]) => ({ code: code as ProblemCode, status, description })),
].map((entry) => ({ ...entry, title: STATUS_TITLES[entry.status] }));

/** Every problem type, by the slug of its URI. */
export const problemTypes: ReadonlyMap<string, ProblemType> = new Map(catalogue.map((entry) => [problemSlug(entry.code), entry]));

export const problemTypeOf = (code: ProblemCode): ProblemType => problemTypes.get(problemSlug(code))!;

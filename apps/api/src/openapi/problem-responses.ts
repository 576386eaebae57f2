import type { OpenAPIObject } from '@nestjs/swagger';
import { AUDIENCE_EXTENSION, type Audience } from '../auth/auth.decorators';
import { PROBLEM_CONTENT_TYPE } from '../http/problem';
import { STATUS_TITLES, problemTypeOf, problemTypeUri, type ProblemCode } from '../problem-types/problem-catalogue';
import { REFUSES_EXTENSION_PREFIX, type Refusal } from './refuses.decorator';

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;
type Parameter = { in: string; name: string };

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * What every route answers whatever its use case, read from the operation itself: a token is checked where the
 * operation declares security (AuthGuard), inputs are validated where it has any (the validation pipe), a body is
 * parsed where it takes one, If-Match is compared where it is declared; every route is rate limited, and every route
 * but the health checks is refused when too many requests run at once.
 */
function impliedRefusals(path: string, operation: Operation): ProblemCode[] {
  const parameters = (operation.parameters ?? []) as Parameter[];
  const codes: ProblemCode[] = ['RATE_LIMITED'];
  if (!path.startsWith('/health')) codes.push('OVERLOADED');
  if (operation.security?.length) codes.push('UNAUTHENTICATED', 'FORBIDDEN');
  if (operation.requestBody || parameters.some((p) => p.in !== 'header' || p.name === 'X-Min-Position')) codes.push('VALIDATION');
  if (parameters.some((p) => p.in === 'path')) codes.push('URI_TOO_LONG');
  if (operation.requestBody) codes.push('PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE');
  if (parameters.some((p) => p.in === 'header' && p.name === 'If-Match')) codes.push('PRECONDITION_FAILED');
  return codes;
}

/**
 * The security requirement follows the route's audience (`@ForAudience`, partner users by default), as AuthGuard does:
 * a bearer token everywhere but on public routes.
 */
function secure(operation: Operation, bearer: string): void {
  const record = operation as unknown as Record<string, { audience: Audience } | undefined>;
  const audience = record[AUDIENCE_EXTENSION]?.audience ?? 'partner';
  delete record[AUDIENCE_EXTENSION];
  operation.security = audience === 'public' ? [] : [{ [bearer]: [] }];
}

/** The `@Refuses` lists of an operation, taken out of the document. */
function declaredRefusals(operation: Operation): Refusal[] {
  const record = operation as unknown as Record<string, { codes: Refusal[] }>;
  return Object.keys(record)
    .filter((key) => key.startsWith(REFUSES_EXTENSION_PREFIX))
    .sort()
    .flatMap((key) => {
      const { codes } = record[key];
      delete record[key];
      return codes;
    });
}

/**
 * Every error response an operation can give, one per status, each `application/problem+json` with the Problem
 * schema and one example per code: from its `@Refuses` lists and from what the operation shows it goes through.
 */
export function addProblemResponses(document: OpenAPIObject, problemSchemaRef: string, bearer: string): void {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      secure(operation, bearer);
      const byStatus = new Map<number, Map<ProblemCode, true>>();
      const refusals: Refusal[] = [...declaredRefusals(operation), ...impliedRefusals(path, operation)];
      for (const refusal of refusals) {
        const [code, status] = typeof refusal === 'string' ? [refusal, problemTypeOf(refusal).status] : refusal;
        byStatus.set(status, (byStatus.get(status) ?? new Map()).set(code, true));
      }
      for (const status of [...byStatus.keys()].sort()) {
        const codes = [...byStatus.get(status)!.keys()];
        operation.responses[String(status)] = {
          description: codes.map((code) => `\`${code}\`: ${problemTypeOf(code).description}`).join(' '),
          content: {
            [PROBLEM_CONTENT_TYPE]: {
              schema: { $ref: problemSchemaRef },
              examples: Object.fromEntries(codes.map((code) => [code, { $ref: exampleRef(document, code, status) }])),
            },
          },
        };
      }
    }
  }
}

/** Each code's example once, under `components.examples` (`CODE`, or `CODE-<status>` where a route answers otherwise). */
function exampleRef(document: OpenAPIObject, code: ProblemCode, status: number): string {
  const name = status === problemTypeOf(code).status ? code : `${code}-${status}`;
  document.components ??= {};
  document.components.examples ??= {};
  document.components.examples[name] ??= { summary: problemTypeOf(code).description, value: exampleOf(code, status) };
  return `#/components/examples/${name}`;
}

function exampleOf(code: ProblemCode, status: number) {
  return { type: problemTypeUri(code), title: STATUS_TITLES[status], status, code, detail: problemTypeOf(code).description };
}

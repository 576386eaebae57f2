import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { DomainError } from '@app/domain/errors';
import { StreamRevisionConflictError } from '@app/event-store';
import type { FastifyReply } from 'fastify';
import { InvalidTokenError } from '../auth/token-verifier';
import { STATUS_OF_KIND } from '../problem-types/problem-catalogue';
import { PROBLEM_CONTENT_TYPE, ProblemException, problem, type Problem } from './problem';

const logger = new Logger('ProblemFilter');

/**
 * The one mapping from anything thrown to `application/problem+json`; a 5xx never carries internals. An unexpected
 * error is logged as one line with the request's id (no stack: a client that can cause it could flood the log).
 */
export function toProblem(error: unknown, requestId: string): Problem {
  if (error instanceof ProblemException) return error.problem;
  if (error instanceof DomainError) {
    return problem(STATUS_OF_KIND[error.kind], error.code, error.message, error.field ? { field: error.field } : {});
  }
  if (error instanceof StreamRevisionConflictError) {
    return error.precondition
      ? problem(412, 'PRECONDITION_FAILED', error.message, { field: 'If-Match' })
      : problem(409, 'CONCURRENCY', 'The resource was changed concurrently; read it again and retry.');
  }
  if (error instanceof InvalidTokenError) return problem(401, 'UNAUTHENTICATED', error.message, { field: 'Authorization' });
  const fastifyError = fastifyProblem(error);
  if (fastifyError) return fastifyError;
  if (error instanceof HttpException) {
    const status = error.getStatus();
    // Nest wraps Fastify's parser errors (bad JSON, wrong content type, size) in HttpExceptions.
    if (status === 400) return problem(400, 'VALIDATION', error.message, { field: 'body' });
    if (status === 413) return problem(413, 'PAYLOAD_TOO_LARGE', 'The request body exceeds the size limit.', { field: 'body' });
    if (status === 415) return problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.', { field: 'Content-Type' });
    if (status === 429) return problem(429, 'RATE_LIMITED', error.message);
    // Nest's own 404 message echoes the path and query string, which may carry a token: never repeated back.
    if (status === 404) return problem(404, 'NOT_FOUND', 'No route matches this method and path.');
    if (status < 500) return problem(status, `HTTP_${status}`, error.message);
  }
  logger.error(`request ${requestId} failed: ${describe(error)}`);
  return problem(500, 'INTERNAL', 'An unexpected error occurred.');
}

/** Errors raised by Fastify itself before a route runs (body parsing, limits). */
function fastifyProblem(error: unknown): Problem | null {
  const { code, statusCode, message } = (error ?? {}) as { code?: unknown; statusCode?: unknown; message?: unknown };
  if (typeof code !== 'string' || !code.startsWith('FST_')) {
    if (statusCode === 429) return problem(429, 'RATE_LIMITED', String(message ?? 'Too many requests'));
    if (error instanceof SyntaxError && statusCode === 400)
      return problem(400, 'VALIDATION', 'The request body is not valid JSON.', { field: 'body' });
    return null;
  }
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem(413, 'PAYLOAD_TOO_LARGE', 'The request body exceeds the size limit.', { field: 'body' });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.', { field: 'Content-Type' });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem(400, 'VALIDATION', 'The JSON body is empty.', { field: 'body' });
    default:
      if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
        return problem(statusCode, 'VALIDATION', 'The request body is not valid JSON.', { field: 'body' });
      }
      return null;
  }
}

/** The error's class and the first line of its message, bounded: enough to find it again, never a dump of input. */
function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : `thrown ${typeof error}: ${String(error)}`;
  const line = text.split('\n', 1)[0];
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

export function sendProblem(reply: FastifyReply, p: Problem): void {
  reply.status(p.status).header('content-type', PROBLEM_CONTENT_TYPE).send(JSON.stringify(p));
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    sendProblem(reply, toProblem(error, reply.request.id));
  }
}

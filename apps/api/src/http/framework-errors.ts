import type { Socket } from 'node:net';
import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, problem, type Problem } from './problem';
import { sendProblem } from './problem.filter';
import { SECURITY_HEADERS } from './security-headers';

/**
 * What Fastify refuses before any route, hook or Nest filter runs, as problem documents that never repeat the URL,
 * its query string or a header: a path that is not a valid URL and a path parameter over the router's length
 * limit (Fastify's `frameworkErrors`), and what Node's HTTP parser refuses on the connection (`clientErrorHandler`):
 * a request not received within the timeouts, headers over the size limit, malformed HTTP such as a NUL in a header.
 */
export function frameworkErrors(error: { code?: string }, _request: FastifyRequest, reply: FastifyReply): void {
  reply.headers(SECURITY_HEADERS);
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    sendProblem(reply, problem(414, 'URI_TOO_LONG', 'A path segment is longer than the API accepts.', { field: 'path' }));
    return;
  }
  sendProblem(reply, problem(400, 'VALIDATION', 'The request path is not a valid URL.', { field: 'path' }));
}

export function clientErrorHandler(error: Error & { code?: string }, socket: Socket & { _httpMessage?: ServerResponse | null }): void {
  // The peer is gone: nothing to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  // A response already under way (the live feed's stream) must not get a second one written into its body; Node's
  // own handler checks the same.
  const answering = socket._httpMessage?.headersSent === true;
  if (socket.writable && !answering) socket.write(rawResponse(clientProblem(error.code)));
  socket.destroy();
}

function clientProblem(code: string | undefined): Problem {
  switch (code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return problem(408, 'REQUEST_TIMEOUT', 'The request was not received within the time allowed.');
    case 'HPE_HEADER_OVERFLOW':
      return problem(431, 'HEADERS_TOO_LARGE', 'The request headers exceed the size limit.', { field: 'headers' });
    default:
      return problem(400, 'MALFORMED_REQUEST', 'The request is not well-formed HTTP/1.1.');
  }
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

/** A complete response written on the socket itself: the parser failed, so there is no request to reply to. */
function rawResponse(p: Problem): string {
  const body = JSON.stringify(p);
  const headers = {
    ...SECURITY_HEADERS,
    'content-type': PROBLEM_CONTENT_TYPE,
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close',
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `HTTP/1.1 ${p.status} ${REASONS[p.status]}\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
}

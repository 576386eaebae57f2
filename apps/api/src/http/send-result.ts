import { Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { HttpResult } from './http-result';

/**
 * The reply a command route answers through: Nest still serialises what the handler returns, but the handler
 * sets the status and headers first (`sendResult`). A route without an interceptor is spared Nest's rxjs pipeline.
 */
export const Reply = () => Res({ passthrough: true });

/** Sets an HttpResult's status and headers on the reply and gives back the body for Nest to send. */
export function sendResult(reply: FastifyReply, result: HttpResult): unknown {
  reply.status(result.status);
  for (const name in result.headers) reply.header(name, result.headers[name]);
  return result.body;
}

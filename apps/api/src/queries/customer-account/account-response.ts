import type { FastifyReply } from 'fastify';
import type { AccountView } from '@app/read-models';

/** Sends the serialised view with its ETag; 304 without a body when the client already holds it (If-None-Match). */
export function sendAccount(reply: FastifyReply, view: AccountView, ifNoneMatch: unknown): FastifyReply {
  reply.header('etag', view.etag);
  if (typeof ifNoneMatch === 'string' && noneMatchHolds(ifNoneMatch, view.etag)) return reply.code(304).send();
  return reply.header('content-type', 'application/json; charset=utf-8').send(view.json);
}

/** RFC 9110 If-None-Match: `*`, or a list of entity tags compared weakly (a W/ prefix is ignored). */
function noneMatchHolds(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return (trimmed.startsWith('W/') ? trimmed.slice(2) : trimmed) === etag;
  });
}

import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Only the customer's pages take HTML form posts; the API stays JSON-only. */
export const isPageRoute = (url: string): boolean => url.startsWith('/portal/') || /^\/invitations\/[^/?]+\/accept(?:[?#]|$)/.test(url);

/**
 * Registers the `application/x-www-form-urlencoded` parser. Fields become a null-prototype object of strings (a
 * field sent twice keeps its first value), so no key can reach Object.prototype.
 */
export function registerFormBody(fastify: FastifyInstance): void {
  fastify.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (request: FastifyRequest, body: string | Buffer, done) => {
      if (!isPageRoute(request.url)) {
        const error = Object.assign(new Error('Send the body as application/json.'), {
          statusCode: 415,
          code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
        });
        done(error, undefined);
        return;
      }
      const fields: Record<string, string> = Object.create(null);
      for (const [key, value] of new URLSearchParams(body.toString())) if (!(key in fields)) fields[key] = value;
      done(null, fields);
    },
  );
}

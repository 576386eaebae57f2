import Fastify from 'fastify';
import helmet from '@fastify/helmet';
import { HELMET_OPTIONS, SECURITY_HEADERS, addSecurityHeaders } from './security-headers';

// Over a real socket: `inject` pulls in an ESM-only module that jest's CommonJS runtime cannot load.
async function securityHeaders(base: string, path: string): Promise<Record<string, string>> {
  const response = await fetch(`${base}${path}`);
  await response.arrayBuffer();
  const headers = Object.fromEntries(response.headers.entries());
  const {
    'content-type': _type,
    'content-length': _length,
    date: _date,
    connection: _connection,
    'keep-alive': _keepAlive,
    ...rest
  } = headers;
  return rest;
}

describe('security headers', () => {
  it('are exactly what @fastify/helmet sends with the same policy, on routes and on 404s', async () => {
    const withHelmet = Fastify();
    await withHelmet.register(helmet, HELMET_OPTIONS);
    withHelmet.get('/x', async () => ({ ok: true }));
    const ours = Fastify();
    addSecurityHeaders(ours);
    ours.get('/x', async () => ({ ok: true }));
    const helmetBase = await withHelmet.listen({ port: 0, host: '127.0.0.1' });
    const ourBase = await ours.listen({ port: 0, host: '127.0.0.1' });
    for (const url of ['/x', '/missing']) {
      const expected = await securityHeaders(helmetBase, url);
      const actual = await securityHeaders(ourBase, url);
      expect(actual).toEqual(expected);
      expect(actual).toEqual(SECURITY_HEADERS);
    }
    await Promise.all([withHelmet.close(), ours.close()]);
  });
});

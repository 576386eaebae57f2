import Fastify from 'fastify';
import { commandResult, httpResult, sendHttpResults } from './http-result';

// Over a real socket: `inject` pulls in an ESM-only module that jest's CommonJS runtime cannot load.
describe('sendHttpResults', () => {
  const app = Fastify();
  let base = '';
  sendHttpResults(app);
  app.get('/command', async () => commandResult(201, { revision: 4n, position: 99n }, { id: 'a' }, '/things/a'));
  app.get('/replayed', async () => httpResult(200, { 'idempotent-replayed': 'true' }, { n: 1 }));
  // A read whose body merely has the same three fields is not taken for one.
  app.get('/look-alike', async () => ({ status: 'active', headers: { x: '1' }, body: 'text' }));
  beforeAll(async () => {
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => app.close());
  const get = async (path: string) => {
    const response = await fetch(`${base}${path}`);
    return { statusCode: response.status, headers: Object.fromEntries(response.headers.entries()), body: await response.json() };
  };

  it('sends an HttpResult as its status, headers and body', async () => {
    const response = await get('/command');
    expect(response.statusCode).toBe(201);
    expect(response.headers).toMatchObject({ etag: 'W/"4"', 'x-log-position': '99', location: '/things/a' });
    expect(response.body).toEqual({ id: 'a', revision: 4, logPosition: '99' });
    const replayed = await get('/replayed');
    expect([replayed.statusCode, replayed.headers['idempotent-replayed'], replayed.body]).toEqual([200, 'true', { n: 1 }]);
  });

  it('leaves any other body as it is', async () => {
    const response = await get('/look-alike');
    expect(response.statusCode).toBe(200);
    expect(response.body).toEqual({ status: 'active', headers: { x: '1' }, body: 'text' });
  });
});

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpSender } from '../../apps/api/src/webhooks/delivery/http-sender';

describe('HttpSender (one webhook attempt)', () => {
  let server: Server;
  let base: string;
  let handle: (request: IncomingMessage, response: ServerResponse) => void;
  const paths: string[] = [];
  const senders: HttpSender[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      paths.push(request.url ?? '');
      request.resume();
      request.on('end', () => handle(request, response));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const sender of senders) sender.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => (paths.length = 0));

  const sender = (options: Partial<ConstructorParameters<typeof HttpSender>[0]> = {}) => {
    const created = new HttpSender({ timeoutMs: 1_000, allowPrivateTargets: true, ...options });
    senders.push(created);
    return created;
  };

  it('succeeds on a 2xx and reports status and latency', async () => {
    handle = (_request, response) => response.writeHead(204).end();
    expect(await sender().send(`${base}/ok`, { 'webhook-id': 'd1' }, '{}')).toEqual({
      ok: true,
      statusCode: 204,
      latencyMs: expect.any(Number),
    });
  });

  it('does not follow a redirect', async () => {
    handle = (request, response) =>
      request.url === '/moved' ? response.writeHead(307, { location: `${base}/elsewhere` }).end() : response.writeHead(200).end();
    expect(await sender().send(`${base}/moved`, {}, '{}')).toMatchObject({ ok: false, statusCode: 307, error: 'redirect not followed' });
    expect(paths).toEqual(['/moved']);
  });

  it('reads no more than the cap of an answer', async () => {
    handle = (_request, response) => {
      response.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024, 'x');
      // Endless: only the sender's cap ends this answer.
      const write = () => {
        while (!response.destroyed && response.write(chunk));
        if (!response.destroyed) response.once('drain', write);
      };
      write();
    };
    expect(await sender({ maxResponseBytes: 100_000 }).send(`${base}/big`, {}, '{}')).toMatchObject({ ok: true, statusCode: 200 });
  });

  it('sends again on a new connection when a kept-alive one turns out closed, without counting a failure', async () => {
    const served = new WeakSet<object>();
    // A receiver that drops each connection on its second request, as one whose keep-alive ran out would.
    handle = (request, response) => {
      if (served.has(request.socket)) return void request.socket.destroy();
      served.add(request.socket);
      response.writeHead(200).end();
    };
    const reusing = sender();
    expect(await reusing.send(`${base}/first`, {}, '{}')).toMatchObject({ ok: true });
    expect(await reusing.send(`${base}/second`, {}, '{}')).toMatchObject({ ok: true, statusCode: 200 });
    expect(paths).toEqual(['/first', '/second', '/second']);
  });

  it('gives up after the timeout', async () => {
    handle = () => undefined;
    const outcome = await sender({ timeoutMs: 300 }).send(`${base}/silent`, {}, '{}');
    expect(outcome).toMatchObject({ ok: false, error: 'timed out after 300 ms' });
    expect(outcome.latencyMs).toBeGreaterThanOrEqual(290);
  });

  it('refuses, again at delivery time, a target that is or resolves to a private address', async () => {
    handle = (_request, response) => response.writeHead(200).end();
    expect(await sender({ allowPrivateTargets: false }).send(`${base}/ok`, {}, '{}')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^refused: /),
    });
    const rebound = sender({ allowPrivateTargets: false, resolve: async () => [{ address: '127.0.0.1', family: 4 }] });
    expect(await rebound.send(`http://hooks.example.com:${new URL(base).port}/ok`, {}, '{}')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^refused: /),
    });
    expect(paths).toEqual([]);
  });

  it('connects to the address it resolved and checked, with the name kept in the Host header', async () => {
    handle = (request, response) => response.writeHead(request.headers.host?.startsWith('hooks.example.com') ? 200 : 400).end();
    const pinned = sender({ resolve: async () => [{ address: '127.0.0.1', family: 4 }] });
    expect(await pinned.send(`http://hooks.example.com:${new URL(base).port}/ok`, {}, '{}')).toMatchObject({ ok: true, statusCode: 200 });
  });
});

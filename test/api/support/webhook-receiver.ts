import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly status: number;
  readonly at: number;
}

/**
 * A webhook receiver on 127.0.0.1 for specs: records every request and answers what `answer` says (200 by default),
 * so a spec can fail the first attempts, always fail, or recover.
 */
export interface WebhookReceiver {
  readonly url: string;
  readonly requests: ReceivedRequest[];
  /** The CloudEvents it accepted (2xx), in the order they arrived. */
  accepted(): { id: string; type: string; data: any; webhookId: string }[];
  answer: (request: { body: string; count: number }) => number;
  /** Holds every answer this long after the request is recorded (a receiver slower than the sender's patience). */
  holdMs: number;
  /** Resolves with the next request, when it is recorded (before it is answered). */
  nextRequest(): Promise<ReceivedRequest>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(path = '/hooks'): Promise<WebhookReceiver> {
  let count = 0;
  const waiting: ((request: ReceivedRequest) => void)[] = [];
  const receiver: WebhookReceiver = {
    url: '',
    requests: [],
    accepted: () =>
      receiver.requests
        .filter((r) => r.status >= 200 && r.status < 300)
        .map((r) => ({ ...JSON.parse(r.body), webhookId: String(r.headers['webhook-id']) })),
    answer: () => 200,
    holdMs: 0,
    nextRequest: () => new Promise((resolve) => waiting.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // The API keeps its connections alive; close them rather than wait for them.
        server.closeAllConnections();
      }),
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const status = receiver.answer({ body, count: ++count });
      const received = { headers: request.headers, body, status, at: Date.now() };
      receiver.requests.push(received);
      for (const resolve of waiting.splice(0)) resolve(received);
      const respond = () => response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'no');
      if (receiver.holdMs > 0) setTimeout(respond, receiver.holdMs);
      else respond();
    });
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  (receiver as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  return receiver;
}

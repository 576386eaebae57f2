import { request, type IncomingMessage } from 'node:http';

export interface SseEvent {
  id?: string;
  data: string;
}

/** A Server-Sent Events connection read frame by frame, as an EventSource would (without reconnecting by itself). */
export interface SseConnection {
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
  readonly events: SseEvent[];
  readonly comments: string[];
  /** The body of a non-200 answer. */
  readonly body: string;
  /** Resolves when the server ends the stream (or the connection drops). */
  readonly ended: Promise<void>;
  /** Resolves once `count` events arrived (or the stream ended first). */
  waitForEvents(count: number, timeoutMs?: number): Promise<void>;
  pause(): void;
  resume(): void;
  close(): void;
}

export function openSse(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<SseConnection> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, baseUrl), { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      const events: SseEvent[] = [];
      const comments: string[] = [];
      const waiters: (() => void)[] = [];
      let pending = '';
      let body = '';
      let finished = false;
      const notify = () => {
        for (const waiter of waiters.splice(0)) waiter();
      };
      const ended = new Promise<void>((done) => {
        const finish = () => {
          finished = true;
          notify();
          done();
        };
        res.once('end', finish);
        res.once('close', finish);
        res.once('error', finish);
      });
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (res.statusCode !== 200) {
          body += chunk;
          return;
        }
        pending += chunk;
        let end: number;
        while ((end = pending.indexOf('\n\n')) >= 0) {
          const frame = pending.slice(0, end);
          pending = pending.slice(end + 2);
          const event: SseEvent = { data: '' };
          let isEvent = false;
          for (const line of frame.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else if (line.startsWith('id: ')) event.id = line.slice(4);
            else if (line.startsWith('data: ')) {
              event.data += line.slice(6);
              isEvent = true;
            }
          }
          if (isEvent) events.push(event);
        }
        notify();
      });
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        events,
        comments,
        get body() {
          return body;
        },
        ended,
        async waitForEvents(count, timeoutMs = 15_000) {
          const deadline = Date.now() + timeoutMs;
          while (events.length < count && !finished) {
            if (Date.now() > deadline) throw new Error(`only ${events.length} of ${count} events after ${timeoutMs} ms`);
            await new Promise<void>((wake) => {
              waiters.push(wake);
              setTimeout(wake, 100);
            });
          }
        },
        pause: () => res.pause(),
        resume: () => res.resume(),
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
    req.end();
  });
}

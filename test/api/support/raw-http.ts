// HTTP/1.1 over a bare TCP socket, for requests no HTTP client will send (a NUL in a header, a bad URL, headers
// past the size limit, a body that drips in) and for watching when the server closes the connection.
import { connect, type Socket } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Milliseconds from the first byte written until the server closed the connection. */
  closedAfterMs: number;
}

/** Opens a connection to `baseUrl`'s host and port. */
export function openSocket(baseUrl: string): Promise<Socket> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/**
 * Reads everything the server sends until it closes the connection (or `timeoutMs`, then it fails), and parses the
 * first response in it. `status` is 0 when the server closed without answering.
 */
export function readUntilClosed(socket: Socket, timeoutMs: number, startedAt = Date.now()): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the connection open for ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ ...parse(Buffer.concat(chunks).toString('latin1')), closedAfterMs: Date.now() - startedAt });
    });
  });
}

/** Sends `request` as it is (add `Connection: close` to have the server end the connection after answering). */
export async function rawRequest(baseUrl: string, request: string | Buffer, timeoutMs = 10_000): Promise<RawResponse> {
  const socket = await openSocket(baseUrl);
  const startedAt = Date.now();
  const response = readUntilClosed(socket, timeoutMs, startedAt);
  socket.write(request);
  return response;
}

function parse(text: string): Omit<RawResponse, 'closedAfterMs'> {
  const end = text.indexOf('\r\n\r\n');
  if (!text.startsWith('HTTP/1.1 ') || end < 0) return { status: 0, headers: {}, body: text };
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rest = Buffer.from(text.slice(end + 4), 'latin1');
  const length = headers['content-length'] === undefined ? rest.length : Number(headers['content-length']);
  return { status: Number(statusLine.split(' ')[1]), headers, body: rest.subarray(0, length).toString('utf8') };
}

import { etagOf } from './etag';

export { etagOf };

/** What a command endpoint answers; status and headers travel with the body so a replay can repeat them. */
export interface HttpResult {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export function httpResult(status: number, headers: Record<string, string>, body: unknown): HttpResult {
  return { status, headers, body };
}

export function isHttpResult(value: unknown): value is HttpResult {
  if (typeof value !== 'object' || value === null) return false;
  const { status, headers } = value as Partial<HttpResult>;
  return typeof status === 'number' && typeof headers === 'object' && headers !== null && 'body' in value;
}

export interface Written {
  revision: bigint | null;
  position: bigint | null;
}

/**
 * The answer to a command: the stream revision as a weak ETag and the log position written, so a client
 * can make its next command conditional and wait for the read models to reach its write.
 */
export function commandResult(status: number, written: Written, body: Record<string, unknown>, location?: string): HttpResult {
  const headers: Record<string, string> = {};
  if (written.revision !== null) headers.etag = etagOf(written.revision);
  if (written.position !== null) headers['x-log-position'] = String(written.position);
  if (location) headers.location = location;
  return httpResult(status, headers, {
    ...body,
    revision: written.revision === null ? null : Number(written.revision),
    logPosition: written.position === null ? null : String(written.position),
  });
}

import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { RefusedTargetError, resolveTarget, type Resolve, type ResolvedAddress } from './target-address';
import type { AttemptOutcome } from '../outbox/outbox-store';

export interface SenderOptions {
  /** The whole attempt: resolving, connecting, sending and reading the answer. */
  readonly timeoutMs: number;
  readonly allowPrivateTargets: boolean;
  /** At most this much of a receiver's answer is read (the rest is discarded with the connection). */
  readonly maxResponseBytes?: number;
  readonly resolve?: Resolve;
}

export const systemResolve: Resolve = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family as 4 | 6 }));

/** Connects to the address checked beforehand, whatever the name would resolve to now (no DNS rebinding). */
function pinnedLookup(target: ResolvedAddress): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  }) as LookupFunction;
}

/**
 * One POST of a webhook delivery. The target is resolved and checked again at every attempt (an address allowed at
 * registration may point elsewhere since), redirects are never followed (a 3xx is a failed attempt: following one
 * would let a receiver steer the request to an address nobody checked), the answer's body is read up to a cap, and
 * the whole attempt is bounded by the timeout.
 */
export class HttpSender {
  private readonly agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
  };

  constructor(private readonly options: SenderOptions) {}

  async send(url: string, headers: Record<string, string>, body: string): Promise<AttemptOutcome> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    let target: ResolvedAddress;
    const parsed = new URL(url);
    try {
      target = await resolveTarget(parsed, this.options.allowPrivateTargets, this.options.resolve ?? systemResolve);
    } catch (error) {
      const reason =
        error instanceof RefusedTargetError
          ? error.message
          : `the host name did not resolve (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
      return { ok: false, latencyMs: elapsed(), error: `refused: ${reason}` };
    }
    const first = await this.post(parsed, target, headers, body, this.options.timeoutMs);
    // A kept-alive connection the receiver closed just as it was reused fails before any answer, almost always before
    // the receiver read the request: it is sent again at once on a new connection rather than counted as a failed
    // attempt (a repeat is within at-least-once anyway).
    const outcome = first.staleConnection
      ? (await this.post(parsed, target, headers, body, this.options.timeoutMs - elapsed())).outcome
      : first.outcome;
    return { ...outcome, latencyMs: elapsed() };
  }

  private post(
    url: URL,
    target: ResolvedAddress,
    headers: Record<string, string>,
    body: string,
    timeoutMs: number,
  ): Promise<{ outcome: Omit<AttemptOutcome, 'latencyMs'>; staleConnection?: boolean }> {
    const client = url.protocol === 'https:' ? https : http;
    const agent = this.agents[url.protocol as 'http:' | 'https:'];
    const cap = this.options.maxResponseBytes ?? 64 * 1024;
    return new Promise((resolve) => {
      let settled = false;
      const finish = (outcome: Omit<AttemptOutcome, 'latencyMs'>, staleConnection = false) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ outcome, staleConnection });
      };
      const request = client.request(
        url,
        {
          method: 'POST',
          agent,
          lookup: pinnedLookup(target),
          headers: {
            ...headers,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'user-agent': 'csp-relationships-webhooks/1',
          },
        },
        (response) => {
          const statusCode = response.statusCode ?? 0;
          let read = 0;
          response.on('data', (chunk: Buffer) => {
            read += chunk.length;
            // Past the cap the answer is of no interest: drop the connection rather than read on.
            if (read > cap) {
              response.destroy();
              finish(outcomeOf(statusCode));
            }
          });
          response.on('end', () => finish(outcomeOf(statusCode)));
          response.on('error', () => finish(outcomeOf(statusCode)));
          response.on('close', () => finish(outcomeOf(statusCode)));
        },
      );
      const timer = setTimeout(
        () => {
          request.destroy();
          finish({ ok: false, error: `timed out after ${this.options.timeoutMs} ms` });
        },
        Math.max(0, timeoutMs),
      );
      request.on('error', (error: NodeJS.ErrnoException) =>
        finish(
          { ok: false, error: `connection failed (${error.code ?? error.message})` },
          request.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE'),
        ),
      );
      request.end(body);
    });
  }

  close(): void {
    this.agents['http:'].destroy();
    this.agents['https:'].destroy();
  }
}

function outcomeOf(statusCode: number): Omit<AttemptOutcome, 'latencyMs'> {
  if (statusCode >= 200 && statusCode < 300) return { ok: true, statusCode };
  if (statusCode >= 300 && statusCode < 400) return { ok: false, statusCode, error: 'redirect not followed' };
  return { ok: false, statusCode };
}

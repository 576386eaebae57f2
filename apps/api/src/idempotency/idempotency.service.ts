import { createHash } from 'node:crypto';
import { ProblemException, problem } from '../http/problem';
import type { HttpResult } from '../http/http-result';
import { IdempotencyStore } from './idempotency-store';
import { decryptResponse, encryptResponse, recordId } from './response-cipher';

const KEY = /^[\x21-\x7e]{8,200}$/;

interface InFlight {
  requestHash: string;
  result: Promise<HttpResult>;
}

/**
 * Runs a POST at most once per (tenant, Idempotency-Key): concurrent repeats share the in-flight promise,
 * later repeats get the stored response. The same key with another request is refused.
 */
export class IdempotencyService {
  private readonly inFlight = new Map<string, InFlight>();

  constructor(private readonly store: IdempotencyStore) {}

  static validateKey(key: unknown): string {
    if (typeof key !== 'string' || !KEY.test(key)) {
      throw new ProblemException(
        problem(400, 'VALIDATION', 'Idempotency-Key must be 8-200 printable ASCII characters.', { field: 'Idempotency-Key' }),
      );
    }
    return key;
  }

  static requestHash(method: string, url: string, body: unknown): string {
    return createHash('sha256').update(`${method} ${url}\n${JSON.stringify(body ?? null)}`).digest('hex');
  }

  async run(tenant: string, key: string, requestHash: string, execute: () => Promise<HttpResult>): Promise<HttpResult> {
    const id = recordId(tenant, key);
    const running = this.inFlight.get(id);
    if (running) {
      this.assertSameRequest(running.requestHash, requestHash);
      return replayed(await running.result);
    }
    const entry: InFlight = { requestHash, result: this.executeOnce(tenant, key, id, requestHash, execute) };
    this.inFlight.set(id, entry);
    try {
      return await entry.result;
    } finally {
      this.inFlight.delete(id);
    }
  }

  private async executeOnce(tenant: string, key: string, id: string, requestHash: string, execute: () => Promise<HttpResult>): Promise<HttpResult> {
    const stored = await this.store.find(id);
    if (stored) {
      this.assertSameRequest(stored.requestHash, requestHash);
      return replayed(JSON.parse(decryptResponse(tenant, key, stored.sealedResponse)) as HttpResult);
    }
    const result = await execute();
    // Only successes are remembered: a refused request changed nothing, so repeating it is harmless.
    if (result.status < 300) {
      await this.store.save(id, { requestHash, sealedResponse: encryptResponse(tenant, key, JSON.stringify(result)) });
    }
    return result;
  }

  private assertSameRequest(expected: string, actual: string): void {
    if (expected !== actual) {
      throw new ProblemException(
        problem(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request.', { field: 'Idempotency-Key' }),
      );
    }
  }
}

function replayed(result: HttpResult): HttpResult {
  return { ...result, headers: { ...result.headers, 'idempotent-replayed': 'true' } };
}

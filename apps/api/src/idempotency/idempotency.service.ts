import { randomUUID } from 'node:crypto';
import { ProblemException, problem } from '../http/problem';
import { httpResult, type HttpResult } from '../http/http-result';
import { IdempotencyStore } from './idempotency-store';
import { ResponseCipher } from './response-cipher';

const KEY = /^[\x21-\x7e]{8,200}$/;

export interface IdempotencyTiming {
  /** A pending record older than this belongs to an instance that crashed: a repeat takes it over. */
  leaseMs: number;
  /** How long a repeat waits for another instance's pending result before answering 409. */
  waitMs: number;
  pollMs: number;
  /** A record older than this is forgotten: the key may be used again, for anything (Stripe keeps keys 24 h). */
  retentionMs: number;
}

const defaultTiming: IdempotencyTiming = { leaseMs: 30_000, waitMs: 5_000, pollMs: 50, retentionMs: 24 * 3_600_000 };

interface InFlight {
  requestHash: string;
  result: Promise<HttpResult>;
}

/**
 * Runs a POST at most once per (scope, Idempotency-Key), across API instances: the first request inserts a
 * pending record (unique), repeats wait for its sealed response or get 409 while it runs. An owner that died
 * leaves a pending record that a repeat takes over after the lease; the commands derive their new ids and
 * event ids from the key, so the re-run appends the same events and the store de-duplicates them.
 * The same key with another request is refused.
 */
export class IdempotencyService {
  private readonly inFlight = new Map<string, InFlight>();
  private readonly timing: IdempotencyTiming;

  constructor(
    private readonly store: IdempotencyStore,
    private readonly cipher: ResponseCipher,
    timing: Partial<IdempotencyTiming> = {},
  ) {
    this.timing = { ...defaultTiming, ...timing };
  }

  /** Deletes the records past their retention every `intervalMs`; returns the function that stops it. */
  startPurging(intervalMs: number, onError: (error: unknown) => void): () => void {
    const timer = setInterval(() => {
      this.store.purge(new Date(Date.now() - this.timing.retentionMs)).catch(onError);
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  static validateKey(key: unknown): string {
    if (typeof key !== 'string' || !KEY.test(key)) {
      throw new ProblemException(
        problem(400, 'VALIDATION', 'Idempotency-Key must be 8-200 printable ASCII characters.', { field: 'Idempotency-Key' }),
      );
    }
    return key;
  }

  async run(scope: string, key: string, requestHash: string, execute: () => Promise<HttpResult>): Promise<HttpResult> {
    const id = this.cipher.recordId(scope, key);
    const running = this.inFlight.get(id);
    if (running) {
      this.assertSameRequest(running.requestHash, requestHash);
      return replayed(await running.result);
    }
    const entry: InFlight = { requestHash, result: this.runOnce(scope, key, id, requestHash, execute) };
    this.inFlight.set(id, entry);
    try {
      return await entry.result;
    } finally {
      this.inFlight.delete(id);
    }
  }

  private async runOnce(
    scope: string,
    key: string,
    id: string,
    requestHash: string,
    execute: () => Promise<HttpResult>,
  ): Promise<HttpResult> {
    const owner = randomUUID();
    const deadline = Date.now() + this.timing.waitMs;
    for (;;) {
      if (await this.store.claim(id, requestHash, owner, new Date())) return this.executeOwned(scope, key, id, owner, execute);
      const stored = await this.store.find(id);
      if (!stored) continue; // released between our insert and our read: claim again
      if (Date.now() - Date.parse(stored.createdAt) > this.timing.retentionMs) {
        // Past its retention the key is free again, even before the purge deletes the record.
        await this.store.forget(id, stored.createdAt);
        continue;
      }
      this.assertSameRequest(stored.requestHash, requestHash);
      if (stored.status === 'done') return replayed(JSON.parse(this.cipher.open(scope, key, stored.sealedResponse)));
      const stale = Date.now() - Date.parse(stored.claimedAt) > this.timing.leaseMs;
      if (stale && (await this.store.takeOver(id, stored.owner, owner, new Date()))) {
        return this.executeOwned(scope, key, id, owner, execute);
      }
      if (Date.now() >= deadline) {
        throw new ProblemException(
          problem(409, 'IDEMPOTENCY_KEY_IN_PROGRESS', 'A request with this Idempotency-Key is still running; repeat it shortly.', {
            field: 'Idempotency-Key',
          }),
        );
      }
      await new Promise((resolve) => setTimeout(resolve, this.timing.pollMs));
    }
  }

  private async executeOwned(
    scope: string,
    key: string,
    id: string,
    owner: string,
    execute: () => Promise<HttpResult>,
  ): Promise<HttpResult> {
    let result: HttpResult;
    try {
      result = await execute();
    } catch (error) {
      await this.store.release(id, owner);
      throw error;
    }
    // Only successes are remembered: a refused request changed nothing, so repeating it is harmless.
    if (result.status < 300) await this.store.complete(id, owner, this.cipher.seal(scope, key, JSON.stringify(result)));
    else await this.store.release(id, owner);
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

/** The stored first response (parsed JSON, so without its HttpResult mark) as it is sent again. */
function replayed(result: Pick<HttpResult, 'status' | 'headers' | 'body'>): HttpResult {
  return httpResult(result.status, { ...result.headers, 'idempotent-replayed': 'true' }, result.body);
}

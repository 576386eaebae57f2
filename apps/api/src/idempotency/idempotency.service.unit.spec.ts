import { httpResult, type HttpResult } from '../http/http-result';
import { ProblemException } from '../http/problem';
import { IdempotencyService } from './idempotency.service';
import type { IdempotencyRecord, IdempotencyStore } from './idempotency-store';
import { ResponseCipher } from './response-cipher';

const cipher = new ResponseCipher(Buffer.from('unit-spec-server-secret-0123456789abcdef'));

/** The SQL store's contract in memory: one record per id, pending until completed by its owner. */
class MemoryStore {
  readonly records = new Map<string, IdempotencyRecord>();
  async find(id: string) {
    return this.records.get(id) ?? null;
  }
  async claim(id: string, requestHash: string, owner: string, now: Date) {
    if (this.records.has(id)) return false;
    this.records.set(id, { status: 'pending', requestHash, owner, claimedAt: now.toISOString(), createdAt: now.toISOString() });
    return true;
  }
  async takeOver(id: string, previousOwner: string, owner: string, now: Date) {
    const record = this.records.get(id);
    if (record?.status !== 'pending' || record.owner !== previousOwner) return false;
    this.records.set(id, { ...record, owner, claimedAt: now.toISOString() });
    return true;
  }
  async complete(id: string, owner: string, sealedResponse: string) {
    const record = this.records.get(id);
    if (record?.status === 'pending' && record.owner === owner)
      this.records.set(id, { status: 'done', requestHash: record.requestHash, sealedResponse, createdAt: record.createdAt });
  }
  async forget(id: string, createdAt: string) {
    if (this.records.get(id)?.createdAt === createdAt) this.records.delete(id);
  }
  async purge(before: Date) {
    let n = 0;
    for (const [id, record] of this.records) if (record.createdAt < before.toISOString() && this.records.delete(id)) n++;
    return n;
  }
  async release(id: string, owner: string) {
    const record = this.records.get(id);
    if (record?.status === 'pending' && record.owner === owner) this.records.delete(id);
  }
}

describe('IdempotencyService', () => {
  const ok = (n: number): HttpResult => httpResult(201, { etag: `W/"${n}"` }, { n });

  it('runs concurrent repeats once and answers each with the first result', async () => {
    const store = new MemoryStore();
    const service = new IdempotencyService(store as unknown as IdempotencyStore, cipher);
    let runs = 0;
    const execute = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 10));
      return ok(runs);
    };
    const results = await Promise.all(Array.from({ length: 50 }, () => service.run('t', 'key-00000001', 'h1', execute)));
    expect(runs).toBe(1);
    expect(new Set(results.map((r) => JSON.stringify(r.body)))).toEqual(new Set(['{"n":1}']));
    const later = await service.run('t', 'key-00000001', 'h1', execute);
    expect(runs).toBe(1);
    expect(later.body).toEqual({ n: 1 });
    expect(later.headers['idempotent-replayed']).toBe('true');
    expect(JSON.stringify([...store.records.values()])).not.toContain('"n":1');
  });

  it('refuses the same key with another request, in flight or stored', async () => {
    const service = new IdempotencyService(new MemoryStore() as unknown as IdempotencyStore, cipher);
    const slow = service.run('t', 'key-00000002', 'h1', async () => {
      await new Promise((r) => setTimeout(r, 10));
      return ok(1);
    });
    await expect(service.run('t', 'key-00000002', 'h2', async () => ok(2))).rejects.toBeInstanceOf(ProblemException);
    await slow;
    await expect(service.run('t', 'key-00000002', 'h2', async () => ok(2))).rejects.toMatchObject({ problem: { status: 422 } });
  });

  it('does not remember failures', async () => {
    const service = new IdempotencyService(new MemoryStore() as unknown as IdempotencyStore, cipher);
    await expect(service.run('t', 'key-00000003', 'h', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(service.run('t', 'key-00000003', 'h', async () => ok(3))).resolves.toMatchObject({ body: { n: 3 } });
  });

  it('makes a second instance on the same store wait for the first one’s result, or answer 409 while it runs', async () => {
    const store = new MemoryStore();
    const first = new IdempotencyService(store as unknown as IdempotencyStore, cipher, { waitMs: 1_000, pollMs: 5 });
    const second = new IdempotencyService(store as unknown as IdempotencyStore, cipher, { waitMs: 1_000, pollMs: 5 });
    const impatient = new IdempotencyService(store as unknown as IdempotencyStore, cipher, { waitMs: 0, pollMs: 5 });
    let runs = 0;
    let finish!: () => void;
    const gate = new Promise<void>((resolve) => (finish = resolve));
    const running = first.run('t', 'key-00000004', 'h', async () => {
      runs++;
      await gate;
      return ok(4);
    });
    await new Promise((r) => setTimeout(r, 5));
    await expect(impatient.run('t', 'key-00000004', 'h', async () => ok(5))).rejects.toMatchObject({
      problem: { status: 409, code: 'IDEMPOTENCY_KEY_IN_PROGRESS' },
    });
    const waiting = second.run('t', 'key-00000004', 'h', async () => ok(6));
    finish();
    await expect(running).resolves.toMatchObject({ body: { n: 4 } });
    await expect(waiting).resolves.toMatchObject({ body: { n: 4 }, headers: { 'idempotent-replayed': 'true' } });
    expect(runs).toBe(1);
  });

  it('takes over a pending key whose owner died once the lease has passed', async () => {
    const store = new MemoryStore();
    await store.claim(cipher.recordId('t', 'key-00000005'), 'h', 'dead-instance', new Date(Date.now() - 60_000));
    const service = new IdempotencyService(store as unknown as IdempotencyStore, cipher, { leaseMs: 1_000, waitMs: 0 });
    await expect(service.run('t', 'key-00000005', 'h', async () => ok(7))).resolves.toMatchObject({ body: { n: 7 } });
    expect(store.records.get(cipher.recordId('t', 'key-00000005'))?.status).toBe('done');
  });

  it('forgets a record past its retention: the key runs again, for any request, and the purge deletes old records', async () => {
    const store = new MemoryStore();
    const service = new IdempotencyService(store as unknown as IdempotencyStore, cipher, { retentionMs: 50 });
    await service.run('t', 'key-00000009', 'h1', async () => ok(1));
    await expect(service.run('t', 'key-00000009', 'h2', async () => ok(2))).rejects.toMatchObject({ problem: { status: 422 } });
    await new Promise((r) => setTimeout(r, 80));
    await expect(service.run('t', 'key-00000009', 'h2', async () => ok(2))).resolves.toMatchObject({ status: 201, body: { n: 2 } });
    expect(await store.purge(new Date(Date.now() + 1))).toBe(1);
    expect(store.records.size).toBe(0);
  });
});

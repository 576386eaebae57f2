import type { HttpResult } from '../http/http-result';
import { ProblemException } from '../http/problem';
import { IdempotencyService } from './idempotency.service';
import type { IdempotencyRecord, IdempotencyStore } from './idempotency-store';

class MemoryStore {
  readonly records = new Map<string, IdempotencyRecord>();
  async find(id: string) {
    return this.records.get(id) ?? null;
  }
  async save(id: string, record: IdempotencyRecord) {
    if (!this.records.has(id)) this.records.set(id, record);
  }
}

describe('IdempotencyService', () => {
  const ok = (n: number): HttpResult => ({ status: 201, headers: { etag: `W/"${n}"` }, body: { n } });

  it('runs concurrent repeats once and answers each with the first result', async () => {
    const store = new MemoryStore();
    const service = new IdempotencyService(store as unknown as IdempotencyStore);
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
    const service = new IdempotencyService(new MemoryStore() as unknown as IdempotencyStore);
    const slow = service.run('t', 'key-00000002', 'h1', async () => {
      await new Promise((r) => setTimeout(r, 10));
      return ok(1);
    });
    await expect(service.run('t', 'key-00000002', 'h2', async () => ok(2))).rejects.toBeInstanceOf(ProblemException);
    await slow;
    await expect(service.run('t', 'key-00000002', 'h2', async () => ok(2))).rejects.toMatchObject({ problem: { status: 422 } });
  });

  it('does not remember failures', async () => {
    const service = new IdempotencyService(new MemoryStore() as unknown as IdempotencyStore);
    await expect(service.run('t', 'key-00000003', 'h', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(service.run('t', 'key-00000003', 'h', async () => ok(3))).resolves.toMatchObject({ body: { n: 3 } });
  });
});

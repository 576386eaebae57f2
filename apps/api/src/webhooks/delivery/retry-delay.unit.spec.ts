import { retryDelay } from './retry-delay';

describe('retryDelay', () => {
  const policy = { baseMs: 1_000, maxMs: 60_000 };

  it('doubles per failure between half and all of the nominal delay', () => {
    expect([1, 2, 3, 4].map((n) => retryDelay(n, policy, () => 0))).toEqual([500, 1_000, 2_000, 4_000]);
    expect([1, 2, 3, 4].map((n) => retryDelay(n, policy, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it('is capped, however many failures', () => {
    expect(retryDelay(10, policy, () => 1)).toBe(60_000);
    expect(retryDelay(1_000, policy, () => 1)).toBe(60_000);
  });

  it('spreads retries (jitter)', () => {
    const delays = new Set(Array.from({ length: 50 }, () => retryDelay(5, policy)));
    expect(delays.size).toBeGreaterThan(10);
  });
});

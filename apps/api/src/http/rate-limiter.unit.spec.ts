import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  const limiter = (now: { t: number }) =>
    new RateLimiter({ max: 2, windowMs: 60_000, keyOf: () => 'k', refuse: () => undefined, now: () => now.t });

  it('admits max requests per key per window, then refuses until the window ends', () => {
    const clock = { t: 1_000 };
    const l = limiter(clock);
    expect(l.take('a')).toEqual({ remaining: 1, resetInSeconds: 60 });
    clock.t += 30_000;
    expect(l.take('a')).toEqual({ remaining: 0, resetInSeconds: 30 });
    expect(l.take('a')).toBeNull();
    expect(l.take('b')).toEqual({ remaining: 1, resetInSeconds: 30 });
    clock.t += 30_000;
    expect(l.take('a')).toEqual({ remaining: 1, resetInSeconds: 60 });
  });
});

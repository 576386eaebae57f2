export interface RetryPolicy {
  /** The delay after the first failed attempt; each later failure doubles it. */
  readonly baseMs: number;
  readonly maxMs: number;
}

/**
 * How long to wait after the `failedAttempts`-th failure: exponential, capped, with "equal jitter" (a random point in
 * the upper half), so receivers recovering from an outage are not hit by every sender at the same instant while a
 * retry never comes sooner than half the nominal delay.
 */
export function retryDelay(failedAttempts: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const nominal = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, Math.min(failedAttempts - 1, 40)));
  return Math.round(nominal / 2 + (random() * nominal) / 2);
}

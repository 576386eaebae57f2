/**
 * Waits about `ms` (±20 %, so instances that failed together do not retry together) before a subscription is tried
 * again; `setWake` receives the function that ends the wait early (a stop does not wait out a backoff).
 */
export function jitteredPause(ms: number, setWake: (wake: () => void) => void): Promise<void> {
  return new Promise<void>((resolve) => {
    setWake(resolve);
    setTimeout(resolve, ms * (0.8 + Math.random() * 0.4));
  });
}

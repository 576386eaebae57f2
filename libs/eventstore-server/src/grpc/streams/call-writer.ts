import type { ServerWritableStream } from '@grpc/grpc-js';

/**
 * Writes pre-encoded replies while honouring gRPC back-pressure: when `write` returns false the
 * sender waits for 'drain', so a slow reader never makes the server buffer a whole read.
 */
export class CallWriter {
  private closed = false;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly call: ServerWritableStream<unknown, Buffer>) {
    const close = () => this.markClosed();
    call.on('cancelled', close);
    call.on('close', close);
    call.on('error', close);
  }

  private markClosed(): void {
    this.closed = true;
    for (const wake of [...this.waiters]) wake();
    this.waiters.clear();
  }

  get isOpen(): boolean {
    return !this.closed && !this.call.cancelled;
  }

  /** Resolves once the reply is accepted; false when the call has gone away. */
  async write(reply: Buffer): Promise<boolean> {
    if (!this.isOpen) return false;
    if (this.call.write(reply)) return true;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.waiters.delete(done);
        this.call.off('drain', done);
        resolve();
      };
      this.waiters.add(done);
      this.call.once('drain', done);
    });
    return this.isOpen;
  }

  /**
   * Resolves once the function handed to `arm` is called or the call closes, whichever comes first (at once if
   * it is closed). Each wait is registered and removed on its own: one promise of the call's end, raced against
   * every wait, would keep a reaction per wait for as long as the call lives.
   */
  async waitFor(arm: (wake: () => void) => void): Promise<void> {
    if (!this.isOpen) return;
    let wake!: () => void;
    const woken = new Promise<void>((resolve) => (wake = resolve));
    this.waiters.add(wake);
    arm(wake);
    await woken;
    this.waiters.delete(wake);
  }

  end(): void {
    if (this.isOpen) this.call.end();
    this.markClosed();
  }

  fail(error: Error): void {
    if (this.isOpen) this.call.emit('error', error);
    this.markClosed();
  }
}

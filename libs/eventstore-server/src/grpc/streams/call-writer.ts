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

  /** A promise that resolves when the call closes, for waits that must end with it. */
  whenClosed(): Promise<void> {
    if (!this.isOpen) return Promise.resolve();
    return new Promise((resolve) => this.waiters.add(resolve));
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

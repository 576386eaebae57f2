/**
 * A bounded hand-over from a push source (a Node stream) to a pulling consumer: `onFull`/`onDrained`
 * pause and resume the producer, so a slow projection applies back-pressure instead of buffering the log.
 */
export class MessageQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private waiting?: () => void;
  private failure?: Error;
  private ended = false;
  private paused = false;

  constructor(
    private readonly capacity: number,
    private readonly onFull: () => void,
    private readonly onDrained: () => void,
  ) {}

  push(item: T): void {
    this.items.push(item);
    if (!this.paused && this.items.length >= this.capacity) {
      this.paused = true;
      this.onFull();
    }
    this.wake();
  }

  fail(error: Error): void {
    this.failure ??= error;
    this.wake();
  }

  end(): void {
    this.ended = true;
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      if (this.items.length > 0) {
        const item = this.items.shift()!;
        if (this.paused && this.items.length <= this.capacity / 2) {
          this.paused = false;
          this.onDrained();
        }
        yield item;
        continue;
      }
      if (this.failure) throw this.failure;
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }
}

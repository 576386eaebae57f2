/**
 * Which part of the source is fully processed, for checkpoints: messages get increasing sequence numbers
 * in source order, and the checkpoint may only move past a message once it is acked, skipped or parked.
 */
export class Progress {
  private lastSequence = 0;
  private frontier = 0;
  private readonly unfinished = new Set<number>();
  private readonly pointOf = new Map<number, number>();
  /** Furthest source point read, including events a filter left out. */
  private scanned: number | undefined;
  private processedPoint: number | undefined;
  private processedSinceCheckpoint = 0;

  constructor(processedPoint?: number) {
    this.processedPoint = processedPoint;
    this.scanned = processedPoint;
  }

  /** Registers a message read from the source at `point`; returns its sequence number. */
  track(point: number): number {
    const sequence = ++this.lastSequence;
    this.unfinished.add(sequence);
    this.pointOf.set(sequence, point);
    this.scanned = point;
    return sequence;
  }

  /** Records that reading went as far as `point` although nothing there was delivered. */
  scannedTo(point: number): void {
    this.scanned = this.scanned === undefined ? point : Math.max(this.scanned, point);
    this.advance();
  }

  finish(sequence: number): void {
    if (!this.unfinished.delete(sequence)) return;
    this.advance();
  }

  get processed(): number | undefined {
    return this.processedPoint;
  }

  get sinceCheckpoint(): number {
    return this.processedSinceCheckpoint;
  }

  checkpointed(): void {
    this.processedSinceCheckpoint = 0;
  }

  private advance(): void {
    while (this.frontier < this.lastSequence && !this.unfinished.has(this.frontier + 1)) {
      this.frontier++;
      this.processedPoint = this.pointOf.get(this.frontier);
      this.pointOf.delete(this.frontier);
      this.processedSinceCheckpoint++;
    }
    if (this.frontier === this.lastSequence && this.scanned !== undefined) {
      if (this.processedPoint === undefined || this.scanned > this.processedPoint) this.processedPoint = this.scanned;
    }
  }
}

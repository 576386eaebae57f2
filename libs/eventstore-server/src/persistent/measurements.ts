/** Ack latencies of one connection, reported as `observed_measurements` when a group has extra statistics. */
export class LatencyMeasurements {
  private readonly samples: number[] = [];
  private next = 0;

  constructor(private readonly capacity = 1024) {}

  record(milliseconds: number): void {
    if (this.samples.length < this.capacity) this.samples.push(milliseconds);
    else this.samples[this.next] = milliseconds;
    this.next = (this.next + 1) % this.capacity;
  }

  /** The real server's keys, in its order; values are whole milliseconds (the client parses them with BigInt). */
  report(): Array<[string, number]> {
    const sorted = [...this.samples].sort((a, b) => a - b);
    const at = (fraction: number): number =>
      sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
    const mean = sorted.length === 0 ? 0 : sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
    const rows: Array<[string, number]> = [
      ['Mean', mean],
      ['Median', at(0.5)],
      ['Fastest', sorted[0] ?? 0],
      ['Quintile 1', at(0.2)],
      ['Quintile 2', at(0.4)],
      ['Quintile 3', at(0.6)],
      ['Quintile 4', at(0.8)],
      ['Quintile 5', sorted[sorted.length - 1] ?? 0],
      ['90%', at(0.9)],
      ['95%', at(0.95)],
      ['99%', at(0.99)],
      ['99.5%', at(0.995)],
      ['99.9%', at(0.999)],
      ['Highest', sorted[sorted.length - 1] ?? 0],
    ];
    return rows.map(([key, value]) => [key, Math.round(value)]);
  }
}

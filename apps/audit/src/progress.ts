/** A progress line on stderr, at most once a second: how many events so far and at what rate. */
export class Progress {
  private readonly started = Date.now();
  private lastReport = this.started;
  private events = 0;

  constructor(
    private readonly label: string,
    private readonly write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  ) {}

  add(events: number): void {
    this.events += events;
    const now = Date.now();
    if (now - this.lastReport < 1_000) return;
    this.lastReport = now;
    this.write(this.line(now));
  }

  /** The final line, whatever the time since the last one. */
  done(): string {
    return this.line(Date.now());
  }

  private line(now: number): string {
    const seconds = Math.max((now - this.started) / 1_000, 0.001);
    return `${this.label}: ${this.events} events, ${Math.round(this.events / seconds)} events/s`;
  }
}

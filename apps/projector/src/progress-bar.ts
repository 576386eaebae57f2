/** One line, rewritten in place: a bar, the percentage, events so far, the rate and the time left. */
export function progressLine(fraction: number, events: number, startedAt: number, now = Date.now()): string {
  const clamped = Math.min(1, Math.max(0, fraction));
  const width = 30;
  const filled = Math.round(clamped * width);
  const seconds = Math.max(0.001, (now - startedAt) / 1000);
  const rate = events / seconds;
  const eta = clamped > 0 ? (seconds * (1 - clamped)) / clamped : Number.NaN;
  const etaText = Number.isFinite(eta) ? `${Math.ceil(eta)} s` : '?';
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(clamped * 100)).padStart(3)}%  ${events.toLocaleString('en-US')} events  ${Math.round(rate).toLocaleString('en-US')} ev/s  ETA ${etaText}`;
}

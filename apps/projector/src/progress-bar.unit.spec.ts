import { progressLine } from './progress-bar';

describe('progressLine', () => {
  test('shows the bar, percentage, events done, rate and time left', () => {
    expect(progressLine(0.25, 50_000, 0, 2_000)).toBe('[########......................]  25%  50,000 events  25,000 ev/s  ETA 6 s');
  });

  test('an unknown fraction gives no ETA; fractions are clamped', () => {
    expect(progressLine(0, 0, 0, 1_000)).toContain('ETA ?');
    expect(progressLine(1.7, 10, 0, 1_000)).toContain('100%');
  });
});

import { prettyLine } from './pretty-lines';

describe('pretty log lines for a terminal', () => {
  it('puts time, level, context and message first, then the other fields', () => {
    const json = JSON.stringify({
      level: 40,
      time: Date.UTC(2026, 2, 1, 9, 30, 5, 120),
      context: 'shutdown',
      msg: 'slow',
      running: 2,
      route: '/v1/x',
    });
    expect(prettyLine(json)).toBe('09:30:05.120 WARN  [shutdown] slow  running=2 route=/v1/x');
  });

  it('passes through a line that is not JSON', () => {
    expect(prettyLine('plain text')).toBe('plain text');
  });
});

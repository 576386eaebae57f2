import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { judgeHealth, startHealthFile } from './health-file';

const now = Date.parse('2026-12-05T12:00:00Z');
const record = (status: string, secondsAgo: number, detail?: string) =>
  JSON.stringify({ status, at: new Date(now - secondsAgo * 1000).toISOString(), detail });

describe('judgeHealth: what the projector container health check answers', () => {
  it('is healthy when a recent record says ok', () => {
    expect(judgeHealth(record('ok', 4), now)).toEqual({ healthy: true, reason: 'ok' });
  });

  it('is unhealthy when the record is stale: the projector stopped writing', () => {
    expect(judgeHealth(record('ok', 31), now)).toEqual({ healthy: false, reason: 'the last health record is 31 s old' });
  });

  it('is unhealthy when a recent record says degraded, and says why', () => {
    expect(judgeHealth(record('degraded', 1, 'customer-list: reconnecting, 0 s behind'), now)).toEqual({
      healthy: false,
      reason: 'degraded: customer-list: reconnecting, 0 s behind',
    });
  });

  it.each([
    [undefined, 'no health record: the projector has not started'],
    ['{"status":"ok"', 'the health record is not JSON'],
    ['{"status":"ok"}', 'the health record has no time'],
  ])('is unhealthy without a readable record (%s)', (text, reason) => {
    expect(judgeHealth(text, now)).toEqual({ healthy: false, reason });
  });
});

describe('startHealthFile', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'projector-health-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the check answer at once, a failing check as degraded, and removes the file when stopped', async () => {
    const file = join(dir, 'health.json');
    let answer: () => Promise<{ status: 'ok' | 'degraded' }> = async () => ({ status: 'ok' });
    const health = startHealthFile(file, () => answer(), 10);
    await until(() => existsSync(file));
    expect(judgeHealth(readFileSync(file, 'utf8'), Date.now())).toEqual({ healthy: true, reason: 'ok' });
    answer = () => Promise.reject(new Error('database unreachable'));
    await until(() => readFileSync(file, 'utf8').includes('unreachable'));
    expect(judgeHealth(readFileSync(file, 'utf8'), Date.now())).toEqual({ healthy: false, reason: 'degraded: database unreachable' });
    await health.stop();
    expect(existsSync(file)).toBe(false);
  });
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((done) => setTimeout(done, 10));
  expect(condition()).toBe(true);
}

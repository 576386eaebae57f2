import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEventStoreServer, type EmbeddedEventStore } from '@app/eventstore-server';
import { entries, runEntry } from './entries';

// The projector serves no HTTP and verifies no tokens: the API's settings (HOST, JWT_SECRET) mean nothing
// to it, so a deployment that sets HOST=0.0.0.0 for every service starts it without a JWT secret.
describe('the projector reads only its own configuration', () => {
  let store: EmbeddedEventStore;
  let dataDir: string;
  beforeAll(async () => {
    store = await startEventStoreServer({ port: 0, memory: true });
    dataDir = mkdtempSync(join(tmpdir(), 'projector-config-'));
  });
  afterAll(async () => {
    await store?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts with HOST=0.0.0.0, NODE_ENV=production and no JWT_SECRET, answers --status, and stops on SIGTERM', async () => {
    const settings = { HOST: '0.0.0.0', NODE_ENV: 'production', EVENTSTORE_URL: store.connectionString, DATA_DIR: dataDir };
    const child = spawn(process.execPath, [entries.projector], {
      env: { PATH: process.env.PATH, ...settings },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    let timer: NodeJS.Timeout | undefined;
    const running = await Promise.race([
      new Promise<boolean>((done) => child.stdout.on('data', () => output.includes('"projector running"') && done(true))),
      exited.then(() => false),
      new Promise<boolean>((done) => (timer = setTimeout(() => done(false), 45_000))),
    ]);
    clearTimeout(timer);
    // The container's health check: healthy once the running projector has written that its projections are current.
    const status = running ? await statusOnceHealthy(settings) : undefined;
    child.kill('SIGTERM');
    expect({ running, output: running ? '' : output }).toEqual({ running: true, output: '' });
    expect(status).toMatchObject({ status: 0, stdout: 'ok\n' });
    expect(await exited).toBe(0);
    // The projector logs as the API does: one pino JSON object per line.
    const lines = output.split('\n').filter((line) => line.trim() !== '');
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual(
      lines.map(() =>
        expect.objectContaining({ level: expect.any(Number), time: expect.any(Number), context: 'projector', msg: expect.any(String) }),
      ),
    );
    // A stopped projector is unhealthy at once: it removed its record.
    expect(runEntry('projector', ['--status'], settings)).toMatchObject({ status: 1, stdout: expect.stringContaining('has not started') });
  });
});

async function statusOnceHealthy(env: Record<string, string>) {
  for (let attempt = 0; ; attempt++) {
    const result = runEntry('projector', ['--status'], env);
    if (result.status === 0 || attempt === 40) return result;
    await new Promise((done) => setTimeout(done, 500));
  }
}

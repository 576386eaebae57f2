import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEventStoreServer, type EmbeddedEventStore } from '@app/eventstore-server';
import { entries } from './entries';

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

  it('starts with HOST=0.0.0.0, NODE_ENV=production and no JWT_SECRET, and stops on SIGTERM', async () => {
    const env = {
      PATH: process.env.PATH,
      HOST: '0.0.0.0',
      NODE_ENV: 'production',
      EVENTSTORE_URL: store.connectionString,
      DATA_DIR: dataDir,
    };
    const child = spawn(process.execPath, [entries.projector], { env, stdio: ['ignore', 'pipe', 'pipe'] });
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
    child.kill('SIGTERM');
    expect({ running, output: running ? '' : output }).toEqual({ running: true, output: '' });
    expect(await exited).toBe(0);
    // The projector logs as the API does: one pino JSON object per line.
    const lines = output.split('\n').filter((line) => line.trim() !== '');
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual(
      lines.map(() =>
        expect.objectContaining({ level: expect.any(Number), time: expect.any(Number), context: 'projector', msg: expect.any(String) }),
      ),
    );
  });
});

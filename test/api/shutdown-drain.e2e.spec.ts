import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { sign } from './support/api-harness';

const SECRET = 'shutdown-spec-secret-0123456789abcdef';

describe('API shutdown', () => {
  it('waits for handlers still running (their caller gone) before it closes the event store client and the store', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'api-shutdown-'));
    const child = spawn(process.execPath, [join(__dirname, 'support/gated-append.child.js')], {
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        PROJECTOR: 'off',
        PROCESS_MANAGER: 'off',
        JWT_SECRET: SECRET,
        NO_COLOR: '1',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const seen: Record<string, any>[] = [];
    const waiters: Array<() => void> = [];
    createInterface({ input: child.stdout }).on('line', (line) => {
      seen.push(JSON.parse(line));
      for (const wake of waiters.splice(0)) wake();
    });
    const next = async (key: string, timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = seen.find((message) => key in message);
        if (found) return found;
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no ${key} from the API; stderr:\n${stderr}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
    };
    try {
      const { url } = await next('url');
      const aborted = new AbortController();
      const request = fetch(`${url}/test/gated-append`, { method: 'POST', signal: aborted.signal }).catch(() => undefined);
      await next('entered');
      // The caller gives up: no open connection is left for the HTTP server's close to wait on.
      aborted.abort();
      await request;
      child.stdin.write('close\n');
      await new Promise((r) => setTimeout(r, 300));
      expect(seen.some((message) => 'closed' in message)).toBe(false);
      child.stdin.write('release\n');
      const { outcome } = await next('outcome');
      await next('closed');
      expect(outcome).toEqual({ appended: true });
      const order = seen.map((message) => Object.keys(message)[0]);
      expect(order.indexOf('outcome')).toBeLessThan(order.indexOf('closed'));
      expect(stderr).not.toMatch(/CANCELLED/);
    } finally {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('exits promptly (code 0) on SIGTERM right after it started, as npm start runs it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'api-sigterm-'));
    const child = spawn(process.execPath, [join(__dirname, '../../dist/apps/api/src/main.js')], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, PROJECTOR: 'inline', JWT_SECRET: SECRET, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the API did not start: ${output}`)), 30_000);
        child.stdout.on('data', () => {
          const match = /API listening on (http:\/\/[^\s]+)/.exec(output);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
      });
      const token = sign({ sub: 'admin-1', role: 'GlobalAdmin', partner_id: 'shutdown-partner' }, SECRET);
      const enrolled = await fetch(`${url}/v1/partner`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'direct', name: 'Shutdown', mpnId: '1234567', country: 'US' }),
      });
      expect(enrolled.status).toBe(201);
      // The health check reads the log on the shared client.
      expect((await fetch(`${url}/read-models/health`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      const outcome = await Promise.race([exited, new Promise((r) => setTimeout(() => r('still running'), 8_000))]);
      // No call left open either: the health check's read of the log head is consumed to its end.
      const complaints = output.split('\n').filter((line) => /ERROR|still had calls open/.test(line));
      expect({ outcome, complaints }).toEqual({ outcome: 0, complaints: [] });
    } finally {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

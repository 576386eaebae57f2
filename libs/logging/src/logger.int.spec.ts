import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const logger = resolve(__dirname, '../../../dist/libs/logging/src/logger.js');

/** Starts `script` in a new Node process with `createLogger` in scope; `lines` yields each line of its stdout. */
function start(script: string) {
  const child = spawn(process.execPath, ['-e', `const { createLogger } = require(${JSON.stringify(logger)});\n${script}`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
  });
  const exited = new Promise<number | null>((done) => child.on('close', done));
  return { child, lines, exited };
}

describe('the JSON logger of a process', () => {
  it('writes out every line logged before the process exits at once', async () => {
    const { lines, exited } = start(`
      const log = createLogger('info', false);
      for (let i = 0; i < 20000; i++) log.info({ i }, 'line');
      process.exit(3);`);
    expect(await exited).toBe(3);
    expect(lines.map((line) => (JSON.parse(line) as { i: number }).i)).toEqual([...Array(20_000).keys()]);
  });

  it('writes a lone line while the process runs on (it does not wait for more lines or for the exit)', async () => {
    const { child, lines, exited } = start(`
      createLogger('info', false).info('alone');
      setInterval(() => undefined, 1000);`);
    try {
      const deadline = Date.now() + 5_000;
      while (lines.length === 0 && Date.now() < deadline) await new Promise((wait) => setTimeout(wait, 20));
      expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['alone']);
    } finally {
      child.kill();
      await exited;
    }
  });
});

import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { dataDirFile } from './data-dir-file';

const compiled = resolve(__dirname, '../../../dist/libs/config/src/data-dir-file.js');

describe('a file generated into the data directory once', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'data-dir-file-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('is written with mode 0600 on first start and read back after, with no draft left', () => {
    const file = join(dir, 'nested', 'secret');
    expect(dataDirFile(file, () => 'first')).toBe('first');
    expect(dataDirFile(file, () => 'second')).toBe('first');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(dir, 'nested'))).toEqual(['secret']);
  });

  test('when another process created it meanwhile, its contents win', () => {
    const file = join(dir, 'secret');
    const got = dataDirFile(file, () => {
      writeFileSync(file, 'theirs');
      return 'mine';
    });
    expect(got).toBe('theirs');
    expect(readdirSync(dir)).toEqual(['secret']);
  });

  test('processes starting at once all get the same whole contents', async () => {
    const file = join(dir, 'secret');
    const script = `const { dataDirFile } = require(${JSON.stringify(compiled)});
      process.stdout.write(dataDirFile(${JSON.stringify(file)}, () => require('node:crypto').randomBytes(4096).toString('base64url')));`;
    const outputs = await Promise.all(
      Array.from({ length: 8 }, () => promisify(execFile)(process.execPath, ['-e', script]).then((r) => r.stdout)),
    );
    expect(outputs[0]).toHaveLength(5462);
    expect(new Set(outputs).size).toBe(1);
  });
});

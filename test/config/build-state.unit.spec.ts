import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain Node script of the build, not a module of the app
const { isStale, markBuilt } = require('../../scripts/build-state') as {
  isStale(base: string, stamp: string, sources: string[]): boolean;
  markBuilt(stamp: string): void;
};

/** The CLIs start without building when nothing changed since the last build, and build when anything did. */
describe('build state', () => {
  let base: string;
  const stamp = () => join(base, 'dist', '.built');
  const at = (file: string, seconds: number) => utimesSync(join(base, file), seconds, seconds);

  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'build-state-'));
    mkdirSync(join(base, 'libs', 'a', 'src'), { recursive: true });
    mkdirSync(join(base, 'dist'));
    writeFileSync(join(base, 'libs', 'a', 'src', 'x.ts'), 'x');
    writeFileSync(join(base, 'tsconfig.json'), '{}');
    for (const path of ['libs/a/src/x.ts', 'libs/a/src', 'libs/a', 'libs', 'tsconfig.json']) at(path, 1_000);
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('is stale before the first build', () => {
    expect(isStale(base, stamp(), ['libs', 'tsconfig.json'])).toBe(true);
  });

  it('is fresh after a build, until a source deep in a folder or a listed file changes', () => {
    markBuilt(stamp());
    at('dist/.built', 2_000);
    expect(isStale(base, stamp(), ['libs', 'tsconfig.json'])).toBe(false);
    at('libs/a/src/x.ts', 3_000);
    expect(isStale(base, stamp(), ['libs', 'tsconfig.json'])).toBe(true);
    at('libs/a/src/x.ts', 1_000);
    at('tsconfig.json', 3_000);
    expect(isStale(base, stamp(), ['libs', 'tsconfig.json'])).toBe(true);
  });

  it('ignores sources that do not exist', () => {
    markBuilt(stamp());
    at('dist/.built', 2_000);
    expect(isStale(base, stamp(), ['libs', 'missing.json'])).toBe(false);
  });
});

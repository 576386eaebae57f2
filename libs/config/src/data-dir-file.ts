import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The contents of a development file generated into the data directory on first start (a secret, a key; mode 0600),
 * read back after. When processes start on one data directory at once, exactly one file wins and every process gets
 * its contents: it is written whole under a name of its own, then linked into place, which fails if the name exists.
 * (Created with `wx` and then written, the file could be read while still empty.)
 */
export function dataDirFile(file: string, generate: () => string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dirname(file), { recursive: true });
  const draft = `${file}.${process.pid}.${Date.now()}.draft`;
  const contents = generate();
  writeFileSync(draft, contents, { mode: 0o600 });
  try {
    linkSync(draft, file);
    return contents;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readFileSync(file, 'utf8');
  } finally {
    rmSync(draft, { force: true });
  }
}

import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const dist = resolve(__dirname, '../../dist/apps');

/** The compiled entry points (built once by the jest global setup), as npm's scripts run them. */
export const entries = {
  api: `${dist}/api/src/main.js`,
  token: `${dist}/api/src/token.js`,
  projector: `${dist}/projector/src/main.js`,
  projections: `${dist}/projector/src/cli.js`,
  eventstore: `${dist}/eventstore/src/main.js`,
  audit: `${dist}/audit/src/cli.js`,
} as const;

export type Entry = keyof typeof entries;

/**
 * Runs an entry to its exit with only the given environment (plus PATH), so that nothing from the shell that
 * runs the tests changes its configuration.
 */
export function runEntry(entry: Entry, args: string[] = [], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [entries[entry], ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, ...env },
    timeout: 30_000,
  });
}

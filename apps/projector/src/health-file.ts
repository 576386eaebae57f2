import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The projector serves no HTTP, so its readiness is a file: while it runs it writes its projections' health there
 * every few seconds, and `main.js --status` (the container's health check) judges the file. A projector that hangs
 * or dies stops writing, so the file goes stale and the check fails without anything else to ask.
 */
export interface HealthRecord {
  readonly status: 'ok' | 'degraded';
  /** When the record was written (ISO 8601). */
  readonly at: string;
  /** What is wrong when degraded: each projection's state and lag. */
  readonly detail?: string;
}

export const HEALTH_WRITE_INTERVAL_MS = 5_000;
/** Six missed writes: a slow database query may delay one, a stopped process stops all. */
export const HEALTH_STALE_AFTER_MS = 30_000;

export const healthFileOf = (dataDir: string) => join(dataDir, 'projector-health.json');

export interface Verdict {
  readonly healthy: boolean;
  readonly reason: string;
}

/** Pure: what a health check answers for the file's text (undefined when there is no file) at `now`. */
export function judgeHealth(text: string | undefined, now: number, staleAfterMs = HEALTH_STALE_AFTER_MS): Verdict {
  if (text === undefined) return { healthy: false, reason: 'no health record: the projector has not started' };
  let record: Partial<HealthRecord>;
  try {
    record = JSON.parse(text) as Partial<HealthRecord>;
  } catch {
    return { healthy: false, reason: 'the health record is not JSON' };
  }
  const at = typeof record.at === 'string' ? Date.parse(record.at) : NaN;
  if (Number.isNaN(at)) return { healthy: false, reason: 'the health record has no time' };
  const age = now - at;
  if (age > staleAfterMs) return { healthy: false, reason: `the last health record is ${Math.round(age / 1000)} s old` };
  if (record.status !== 'ok') return { healthy: false, reason: `degraded: ${record.detail ?? 'no detail'}` };
  return { healthy: true, reason: 'ok' };
}

export async function readHealthVerdict(file: string, now = Date.now()): Promise<Verdict> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  return judgeHealth(text, now);
}

/**
 * Writes `check()`'s answer to `file` now and every `intervalMs` until stopped; stopping removes the file, so a
 * stopped projector is unhealthy at once rather than when the record goes stale. A check that throws is written as
 * degraded. The write goes through a temporary file and a rename, so a probe never reads half a record.
 */
export function startHealthFile(
  file: string,
  check: () => Promise<Pick<HealthRecord, 'status' | 'detail'>>,
  intervalMs = HEALTH_WRITE_INTERVAL_MS,
): { stop(): Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const write = async () => {
    const health = await check().catch((error: unknown) => ({
      status: 'degraded' as const,
      detail: error instanceof Error ? error.message : String(error),
    }));
    if (stopped) return;
    const record: HealthRecord = { ...health, at: new Date().toISOString() };
    await writeFile(`${file}.tmp`, JSON.stringify(record));
    await rename(`${file}.tmp`, file);
  };
  let writing = Promise.resolve();
  const tick = () => {
    writing = write()
      .catch(() => undefined)
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs).unref();
      });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await writing;
      await rm(file, { force: true });
    },
  };
}

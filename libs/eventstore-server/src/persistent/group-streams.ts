/** The streams the server keeps per group: `…-checkpoint` and `…-parked` (ESDB-WIRE A6/A7). */
import { randomUUID } from 'node:crypto';
import { ExpectedRevision, metastreamOf, type EventLog, type StoredEvent, type WriteOutcome } from '../storage';
import { CHECKPOINT_EVENT_TYPE, checkpointStreamOf, parkedStreamOf, parseSourcePoint, sourcePointText } from './group-target';

function expectWritten(outcome: WriteOutcome, what: string): void {
  if (outcome.kind !== 'ok') throw new Error(`${what} was not written: ${outcome.kind}`);
}

export function readCheckpoint(storage: EventLog, key: string, isAll: boolean): number | undefined {
  const read = storage.readStream(checkpointStreamOf(key), { direction: 'backwards', from: 'end', limit: 1 });
  if (read.status !== 'ok' || read.events.length === 0) return undefined;
  let text: unknown;
  try {
    text = JSON.parse(read.events[0].data.toString('utf8'));
  } catch {
    // Anything but a checkpoint this server wrote means "no checkpoint": the group starts from its start.
    return undefined;
  }
  return typeof text === 'string' ? parseSourcePoint(isAll, text) : undefined;
}

export async function writeCheckpoint(storage: EventLog, key: string, isAll: boolean, point: number): Promise<void> {
  const outcome = await storage.append(checkpointStreamOf(key), ExpectedRevision.any, [
    {
      id: randomUUID(),
      type: CHECKPOINT_EVENT_TYPE,
      isJson: true,
      data: Buffer.from(JSON.stringify(sourcePointText(isAll, point)), 'utf8'),
      metadata: Buffer.alloc(0),
    },
  ]);
  expectWritten(outcome, 'checkpoint');
}

export async function park(storage: EventLog, key: string, original: StoredEvent, reason: string): Promise<void> {
  const outcome = await storage.append(parkedStreamOf(key), ExpectedRevision.any, [
    {
      id: randomUUID(),
      type: '$>',
      isJson: false,
      data: Buffer.from(`${original.revision}@${original.stream}`, 'utf8'),
      metadata: Buffer.from(JSON.stringify({ reason, added: new Date().toISOString() }), 'utf8'),
    },
  ]);
  expectWritten(outcome, 'parked message');
}

/** Parked messages not replayed yet: replay moves the parked stream's `$tb` past what it re-queued. */
export function parkedCount(storage: EventLog, key: string): number {
  const state = storage.streamState(parkedStreamOf(key));
  if (state.tombstoned || state.metadata.softDeleted || state.lastRevision < 0) return 0;
  return Math.max(0, state.lastRevision + 1 - (state.metadata.truncateBefore ?? 0));
}

/** The oldest parked links, in parking order. */
export function readParked(storage: EventLog, key: string, limit: number): StoredEvent[] {
  const read = storage.readStream(parkedStreamOf(key), { direction: 'forwards', from: 'start', limit });
  return read.status === 'ok' ? read.events : [];
}

export async function markReplayed(storage: EventLog, key: string, nextRevision: number): Promise<void> {
  const parked = parkedStreamOf(key);
  const raw = { ...storage.streamMetadata(parked).raw, $tb: nextRevision };
  const outcome = await storage.append(metastreamOf(parked), ExpectedRevision.any, [
    { id: randomUUID(), type: '$metadata', isJson: true, data: Buffer.from(JSON.stringify(raw)), metadata: Buffer.alloc(0) },
  ]);
  expectWritten(outcome, 'parked stream metadata');
}

/** A deleted group leaves no checkpoint or parked messages behind for a later group of the same name. */
export async function deleteGroupStreams(storage: EventLog, key: string): Promise<void> {
  for (const stream of [checkpointStreamOf(key), parkedStreamOf(key)]) {
    if (storage.streamState(stream).lastRevision >= 0) await storage.softDelete(stream, ExpectedRevision.any);
  }
}

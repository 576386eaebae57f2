// Crash test: the CLI server runs as a child process on a data directory while a separate writer
// process appends batches and journals (with fsync) each batch before sending it and each
// acknowledgement after. The server is SIGKILLed at random moments, restarted on the same
// directory, and the store is checked against the journal after every restart.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { esdbKit } from '../support/eventstore-client-esdb';
import { collect, delay, freePort, spawnServer, tempDir, type ChildServer } from '../support/eventstore';

const kills = 10;
const streamCount = 20;
const writerScript = join(__dirname, 'crash-writer.js');

interface Attempt {
  kind: 'attempt';
  stream: string;
  ids: string[];
}
interface Ack {
  kind: 'ack';
  stream: string;
  ids: string[];
  lastRevision: string;
  commit: string;
  prepare: string;
}

function readJournal(file: string): (Attempt | Ack)[] {
  if (!existsSync(file)) return [];
  // A line cut by the writer's own SIGKILL is not an acknowledgement; every other line must parse.
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  return lines.flatMap((line, i) => {
    try {
      return [JSON.parse(line) as Attempt | Ack];
    } catch (error) {
      if (i === lines.length - 1) return [];
      throw error;
    }
  });
}

function countAcks(file: string): number {
  return readJournal(file).filter((j) => j.kind === 'ack').length;
}

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(25);
  }
}

async function verify(server: ChildServer, prefix: string, journalFile: string): Promise<number> {
  const kit = esdbKit;
  const client = kit.connect(server.connectionString);
  try {
    const journal = readJournal(journalFile);
    const stored = new Map<string, { id: string; revision: bigint; commit: bigint; prepare: bigint }[]>();
    for (let i = 0; i < streamCount; i++) {
      const stream = `${prefix}-${i}`;
      const events = await collect(client.readStream(stream)).catch((error: { type?: string }) => {
        if (error.type === 'stream-not-found') return [];
        throw error;
      });
      stored.set(
        stream,
        events.map((e) => ({
          id: e.event!.id,
          revision: e.event!.revision,
          commit: e.event!.position!.commit,
          prepare: e.event!.position!.prepare,
        })),
      );
    }

    const attemptedIds = new Set(journal.filter((j) => j.kind === 'attempt').flatMap((j) => j.ids));
    for (const [stream, events] of stored) {
      expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => BigInt(i)));
      for (const e of events) expect([stream, attemptedIds.has(e.id)]).toEqual([stream, true]);
      expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    }

    for (const entry of journal) {
      const events = stored.get(entry.stream)!;
      const at = events.findIndex((e) => e.id === entry.ids[0]);
      if (entry.kind === 'ack') {
        const last = Number(entry.lastRevision);
        const first = last - entry.ids.length + 1;
        expect(events.slice(first, last + 1).map((e) => e.id)).toEqual(entry.ids);
        const lastEvent = events[last];
        expect({ commit: lastEvent.commit.toString(), prepare: lastEvent.prepare.toString() }).toEqual({
          commit: entry.commit,
          prepare: entry.prepare,
        });
      } else if (at === -1) {
        // Not committed: none of the batch may be there.
        expect(entry.ids.filter((id) => events.some((e) => e.id === id))).toEqual([]);
      } else {
        // Committed: the whole batch, contiguous and in order.
        expect(events.slice(at, at + entry.ids.length).map((e) => e.id)).toEqual(entry.ids);
      }
    }
    return countAcks(journalFile);
  } finally {
    await client.dispose();
  }
}

it(`loses or moves no acknowledged event across ${kills} SIGKILLs, every batch all-or-nothing`, async () => {
  const dataDir = tempDir('esdb-crash-');
  const journalDir = tempDir('esdb-crash-journal-');
  const journalFile = join(journalDir, 'journal.ndjson');
  const prefix = `crash-${randomUUID()}`;
  const port = await freePort();
  let server: ChildServer | undefined;
  const acksPerLife: number[] = [];
  try {
    for (let life = 0; life < kills; life++) {
      server = await spawnServer({ dataDir, port });
      const acksBefore = await verify(server, prefix, journalFile);
      const writer = spawn(process.execPath, [writerScript, server.connectionString, journalFile, prefix, String(streamCount), '8'], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      const writerExit = new Promise((done) => writer.once('exit', done));
      // Kill at a random moment once this life has acknowledged something, so every kill lands
      // while batches are in flight rather than before the writer got going on a loaded machine.
      await until(() => countAcks(journalFile) > acksBefore, 'the first acknowledgement of this life');
      await delay(Math.floor(Math.random() * 600));
      await server.kill('SIGKILL');
      server = undefined;
      await delay(100);
      writer.kill('SIGKILL');
      await writerExit;
      acksPerLife.push(countAcks(journalFile) - acksBefore);
    }
    server = await spawnServer({ dataDir, port });
    await verify(server, prefix, journalFile);
    // Each life must have done real work, or the kills prove nothing.
    expect(acksPerLife.filter((acks) => acks > 0).length).toBe(kills);
  } finally {
    await server?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(journalDir, { recursive: true, force: true });
  }
}, 90_000);

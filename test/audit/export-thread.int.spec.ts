import { generateKeyPairSync } from 'node:crypto';
import { EventStoreDBClient, jsonEvent, type Position } from '@eventstore/db-client';
import { startEventStoreServerInWorker, type EmbeddedEventStore } from '@app/eventstore-server';
import { chainLink } from '@app/event-store';
import {
  auditKeyFromPem,
  domainEventPages,
  ExportEnd,
  logHead,
  manifestOf,
  signedManifestLine,
  verifyExport,
  type AuditSigningKey,
} from '@app/audit';
import { CHUNK, eventChunks, headChunks } from '../../apps/api/src/audit-export/event-chunks';
import { exportLines, type ExportPlan } from '../../apps/api/src/audit-export/export-lines';
import { ExportThreads } from '../../apps/api/src/audit-export/export-threads';
import { LineChunks } from '../../apps/api/src/audit-export/line-chunks';

const STREAMS = 300;
const EVENTS_PER_STREAM = 25;
const at = '2026-03-01T10:00:00.000Z';
const ACTOR = { kind: 'system' as const, process: 'spec' };
const METADATA = { schemaVersion: 1, actor: ACTOR, correlationId: 'c', causationId: 'c', command: 'Spec' };
// About 1.3 KB per event: 7,500 events (two pages of the log and more) make an export of about 10 MiB, far more than the
// thread may have in flight.
const note = 'Zürich – 東京 ✓ '.repeat(60);

/** The export as this event loop writes it, reading the log itself: what the export thread must send byte for byte. */
async function writtenHere(client: EventStoreDBClient, plan: ExportPlan, key: AuditSigningKey, createdAt: Date): Promise<Buffer> {
  const end = new ExportEnd();
  const chunks = new LineChunks(CHUNK);
  const parts: Buffer[] = [];
  const streams = plan.streams;
  const pages = async function* () {
    for await (const page of domainEventPages(client, plan.through)) yield streams ? page.filter((e) => streams.has(e.streamId)) : page;
  };
  for await (const chunk of eventChunks(pages(), plan.request.redactFor, end, chunks)) parts.push(chunk);
  const heads = headChunks(end, chunks);
  let head = heads.next();
  for (; !head.done; head = heads.next()) parts.push(head.value);
  end.close();
  const manifest = manifestOf(plan.request.scope, head.value, plan.through.commit, createdAt);
  parts.push(Buffer.from(`${signedManifestLine(manifest, key.privateKey, key.publicKey)}\n`));
  return Buffer.concat(parts);
}

describe('an export read and written by a thread of its own', () => {
  let store: EmbeddedEventStore;
  let threads: ExportThreads;
  let client: EventStoreDBClient;
  let through: Position;
  const key = auditKeyFromPem(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  const createdAt = new Date('2026-03-02T00:00:00.000Z');
  const exported = async (plan: ExportPlan) => {
    const parts: Buffer[] = [];
    for await (const chunk of exportLines({ client, threads }, plan, key, () => createdAt)) parts.push(chunk);
    return Buffer.concat(parts);
  };

  beforeAll(async () => {
    // In its own thread, so that what this thread holds is the export's alone.
    store = await startEventStoreServerInWorker({ port: 0, memory: true });
    client = EventStoreDBClient.connectionString(store.connectionString);
    threads = new ExportThreads(store.connectionString);
    // Streams interleaved in the log, a revision of every stream at a time; one event's line longer than a chunk.
    const prev = new Map<string, string | null>();
    for (let revision = 0; revision < EVENTS_PER_STREAM; revision++) {
      await Promise.all(
        Array.from({ length: STREAMS }, async (_, s) => {
          const stream = `customer-c${s}`;
          const type = 'RelationshipEstablished';
          const data = {
            customerId: `c${s}`,
            partnerId: `p${s % 3}`,
            origin: 'added',
            establishedAt: at,
            note: s === 7 && revision === 3 ? note.repeat(50) : note,
          };
          const chain = chainLink({ prev: prev.get(stream) ?? null, streamName: stream, revision, type, data, metadata: METADATA });
          prev.set(stream, chain.hash);
          await client.appendToStream(stream, jsonEvent({ type, data, metadata: { ...METADATA, chain } }));
        }),
      );
    }
    through = (await logHead(client))!;
  }, 120_000);
  afterAll(async () => {
    await threads?.close();
    await client?.dispose();
    await store?.stop();
  });

  it('sends the whole log byte for byte as this event loop writes it, and the export verifies', async () => {
    const plan: ExportPlan = { request: { scope: { kind: 'all', visibleTo: 'platform' } }, through };
    const body = await exported(plan);
    expect(body.equals(await writtenHere(client, plan, key, createdAt))).toBe(true);
    const lines = body.toString('utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(STREAMS * EVENTS_PER_STREAM + STREAMS + 1);
    const verdict = await verifyExport(() => [lines.map((line) => Buffer.from(line))], key.publicKey);
    expect(verdict).toMatchObject({ intact: true, events: STREAMS * EVENTS_PER_STREAM });
  });

  it("sends a partner's many streams with the events not about the reader redacted, as this event loop writes them", async () => {
    const streams = new Set(Array.from({ length: 300 }, (_, s) => `customer-c${s}`));
    const plan: ExportPlan = { request: { scope: { kind: 'partner', id: 'p1', visibleTo: 'p1' }, redactFor: 'p1' }, through, streams };
    const body = await exported(plan);
    expect(body.equals(await writtenHere(client, plan, key, createdAt))).toBe(true);
    const lines = body.toString('utf8').trimEnd().split('\n');
    expect(lines.filter((line) => line.includes('"redacted":true'))).toHaveLength(200 * EVENTS_PER_STREAM);
  });

  it('holds back while its reader takes nothing, and stops when the reader goes away', async () => {
    const plan: ExportPlan = { request: { scope: { kind: 'all', visibleTo: 'platform' } }, through };
    const body = exportLines({ client, threads }, plan, key, () => createdAt);
    const first = await body.next();
    expect(first.done).toBe(false);
    // Chunks come over from the thread as transferred buffers: external memory of this thread, outside its arrayBuffers.
    const transferred = () => process.memoryUsage().external - process.memoryUsage().arrayBuffers;
    const held = transferred();
    // Long enough for an unbounded thread to have sent the whole export over to this one.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(transferred() - held).toBeLessThan(2 * 2 ** 20);
    const stopped = Date.now();
    await body.return(undefined);
    expect(Date.now() - stopped).toBeLessThan(5000);
  });

  it('writes two exports at once, and a third whole once one of them has ended', async () => {
    const plan: ExportPlan = { request: { scope: { kind: 'all', visibleTo: 'platform' } }, through };
    const expected = await writtenHere(client, plan, key, createdAt);
    const [first, second] = [0, 1].map(() => exportLines({ client, threads }, plan, key, () => createdAt));
    try {
      expect((await first.next()).done).toBe(false);
      // The second starts a thread of its own: how long a third would take to send its first chunk if it were let run.
      const started = Date.now();
      expect((await second.next()).done).toBe(false);
      const firstChunkMs = Date.now() - started;
      const parts: Buffer[] = [];
      const third = (async () => {
        for await (const chunk of exportLines({ client, threads }, plan, key, () => createdAt)) parts.push(chunk);
      })();
      await new Promise((resolve) => setTimeout(resolve, Math.max(1000, 3 * firstChunkMs)));
      expect(parts).toHaveLength(0);
      await first.return(undefined);
      await third;
      expect(Buffer.concat(parts).equals(expected)).toBe(true);
    } finally {
      await first.return(undefined);
      await second.return(undefined);
    }
  });

  it('writes the next export whole after one was cut short, and again on the thread it kept', async () => {
    const plan: ExportPlan = { request: { scope: { kind: 'all', visibleTo: 'platform' } }, through };
    const expected = await writtenHere(client, plan, key, createdAt);
    expect((await exported(plan)).equals(expected)).toBe(true);
    expect((await exported(plan)).equals(expected)).toBe(true);
  });
});

// ESDB-WIRE A2: appends on both client paths. Client 6.x uses BatchAppend unless per-call
// credentials are passed; then it uses Append (in insecure mode the credentials are dropped,
// the path stays). Every expectation here holds on both paths and with both clients.
import { randomUUID } from 'node:crypto';
import type { AppendResult, AppendToStreamOptions, EventData } from '@eventstore/db-client';
import type { Client, ClientKit, Expected } from '../../support/eventstore-clients';
import { collect, rejectionOf, startTestStore, uniqueStream, type TestStore } from '../../support/eventstore';

const appendPaths = [
  { path: 'BatchAppend', via: {} as AppendToStreamOptions },
  { path: 'Append', via: { credentials: { username: 'admin', password: 'changeit' } } as AppendToStreamOptions },
];

export function appendConformance(kit: ClientKit): void {
  let store: TestStore;
  beforeAll(async () => {
    store = await startTestStore();
  });
  afterAll(async () => {
    await store?.stop();
  });

  describe(`appending with ${kit.name}`, () => {
    let client: Client;
    beforeAll(() => {
      client = store.client(kit);
    });
    const event = (n: number, id: string = randomUUID()) => kit.jsonEvent({ id, type: 'Tested', data: { n } });

    describe.each(appendPaths)('on the $path path', ({ via }) => {
      const append = (stream: string, events: EventData[], expected?: Expected) =>
        client.appendToStream(stream, events, { ...via, ...(expected === undefined ? {} : kit.expecting(expected)) });
      const revisions = async (stream: string) => (await collect(client.readStream(stream))).map((e) => e.event!.revision);

      it('no_stream succeeds only while the stream has no events', async () => {
        const stream = uniqueStream();
        const first = await append(stream, [event(0), event(1)], 'no_stream');
        expect(first.success).toBe(true);
        expect(first.nextExpectedRevision).toBe(1n);

        const error = await rejectionOf(append(stream, [event(2)], 'no_stream'));
        expect(error.type).toBe('wrong-expected-version');
        expect(kit.wrongVersion(error)).toEqual({ expected: 'no_stream', actual: 1n });
        expect(await revisions(stream)).toEqual([0n, 1n]);
      });

      it('an exact revision succeeds only when it is the current one', async () => {
        const stream = uniqueStream();
        await append(stream, [event(0), event(1)], 'no_stream');
        const next = await append(stream, [event(2)], 1n);
        expect(next.nextExpectedRevision).toBe(2n);

        const ahead = await rejectionOf(append(stream, [event(3)], 5n));
        expect(ahead.type).toBe('wrong-expected-version');
        expect(kit.wrongVersion(ahead)).toEqual({ expected: 5n, actual: 2n });

        const behind = await rejectionOf(append(stream, [event(3)], 0n));
        expect(behind.type).toBe('wrong-expected-version');
        expect(kit.wrongVersion(behind)).toEqual({ expected: 0n, actual: 2n });

        const missing = await rejectionOf(append(uniqueStream(), [event(0)], 0n));
        expect(kit.wrongVersion(missing)).toEqual({ expected: 0n, actual: 'no_stream' });
        expect(await revisions(stream)).toEqual([0n, 1n, 2n]);
      });

      it('stream_exists fails on a new stream and succeeds on one with events or only metadata', async () => {
        const fresh = uniqueStream();
        const error = await rejectionOf(append(fresh, [event(0)], 'stream_exists'));
        expect(error.type).toBe('wrong-expected-version');
        expect(kit.wrongVersion(error)).toEqual({ expected: 'stream_exists', actual: 'no_stream' });

        await append(fresh, [event(0)], 'no_stream');
        expect((await append(fresh, [event(1)], 'stream_exists')).nextExpectedRevision).toBe(1n);

        const implicit = uniqueStream();
        await client.setStreamMetadata(implicit, { custom: true });
        expect((await append(implicit, [event(0)], 'stream_exists')).nextExpectedRevision).toBe(0n);
      });

      it('any always appends at the end', async () => {
        const stream = uniqueStream();
        expect((await append(stream, [event(0)], 'any')).nextExpectedRevision).toBe(0n);
        expect((await append(stream, [event(1), event(2)])).nextExpectedRevision).toBe(2n);
        expect(await revisions(stream)).toEqual([0n, 1n, 2n]);
      });

      it('re-appending the same ids with any returns the original revision and position and writes nothing', async () => {
        const stream = uniqueStream();
        const batch = [event(0), event(1), event(2)];
        const original = await append(stream, batch, 'any');
        await append(stream, [event(3)], 'any');

        const again = await append(stream, batch, 'any');
        expect(again.success).toBe(true);
        expect(again.nextExpectedRevision).toBe(original.nextExpectedRevision);
        expect(again.position).toEqual(original.position);
        expect(await revisions(stream)).toEqual([0n, 1n, 2n, 3n]);
      });

      it('re-appending the same ids with the revision they were written at is idempotent', async () => {
        const stream = uniqueStream();
        const batch = [event(0), event(1)];
        const original = await append(stream, batch, 'no_stream');
        await append(stream, [event(2)], 1n);

        const again = await append(stream, batch, 'no_stream');
        expect(again.nextExpectedRevision).toBe(original.nextExpectedRevision);
        expect(again.position).toEqual(original.position);
        expect(await revisions(stream)).toEqual([0n, 1n, 2n]);
      });

      it('a partial or different re-append is a wrong expected version and writes nothing', async () => {
        const stream = uniqueStream();
        const batch = [event(0), event(1)];
        await append(stream, batch, 'no_stream');

        const partial = await rejectionOf(append(stream, [batch[0], event(9)], 'any'));
        expect(partial.type).toBe('wrong-expected-version');
        const different = await rejectionOf(append(stream, [event(5), event(6)], 'no_stream'));
        expect(different.type).toBe('wrong-expected-version');
        const laterMismatch = await rejectionOf(append(stream, [batch[0], event(7)], 'no_stream'));
        expect(laterMismatch.type).toBe('wrong-expected-version');
        expect(await revisions(stream)).toEqual([0n, 1n]);
      });

      it('an empty append writes nothing and reports the current revision', async () => {
        const stream = uniqueStream();
        await append(stream, [event(0), event(1)], 'no_stream');
        expect((await append(stream, [], 'any')).nextExpectedRevision).toBe(1n);
        expect((await append(stream, [], 1n)).nextExpectedRevision).toBe(1n);
        const behind = await rejectionOf(append(stream, [], 0n));
        expect(behind.type).toBe('wrong-expected-version');
        expect(await revisions(stream)).toEqual([0n, 1n]);
      });

      it('the result position is the position of the last event written, commit equal to prepare', async () => {
        const stream = uniqueStream();
        const result = await append(stream, [event(0), event(1), event(2)], 'no_stream');
        const read = await collect(client.readStream(stream));
        const positions = read.map((e) => e.event!.position!);
        expect(result.position).toEqual(positions[2]);
        for (const position of positions) expect(position.commit).toBe(position.prepare);
        expect(positions[0].commit < positions[1].commit && positions[1].commit < positions[2].commit).toBe(true);

        const later = await append(stream, [event(3)], 2n);
        expect(later.position!.commit > result.position!.commit).toBe(true);
      });

      it('created is the write time', async () => {
        const stream = uniqueStream();
        const before = Date.now();
        await append(stream, [event(0)], 'no_stream');
        const after = Date.now();
        const [read] = await collect(client.readStream(stream));
        const created = new Date(read.event!.created).getTime();
        const resolution = kit.createdResolutionMs;
        expect(created).toBeGreaterThanOrEqual(Math.floor(before / resolution) * resolution);
        expect(created).toBeLessThanOrEqual(after);
      });

      it('data and metadata round-trip byte for byte, unicode, control characters and non-JSON included', async () => {
        const stream = uniqueStream();
        const text = 'zürich 東京 👩‍💻 \u0000\u0001\u0007\b\t\n\r\u001f\u007f "quoted" \\ end';
        const bytes = Uint8Array.from([0xff, 0x00, 0xfe, 0x7b, 0x0a, 0xc3, 0x28, 0x80, 0x01]);
        const metaBytes = Uint8Array.from([0x00, 0xde, 0xad, 0xbe, 0xef, 0xff]);
        await append(
          stream,
          [
            kit.jsonEvent({ type: 'Unicode ✓', data: { text, nested: [text, { text }] }, metadata: { text } }),
            kit.binaryEvent({ type: 'Binary', data: bytes, metadata: metaBytes }),
            kit.binaryEvent({ type: 'LooksLikeJson', data: Buffer.from('{"a":1}') }),
            kit.jsonEvent({ type: 'NoMetadata', data: {} }),
          ],
          'no_stream',
        );
        const [json, binary, looksLikeJson, noMetadata] = (await collect(client.readStream(stream))).map((e) => e.event!);
        expect(json.type).toBe('Unicode ✓');
        expect(json.isJson).toBe(true);
        expect(json.data).toEqual({ text, nested: [text, { text }] });
        expect(json.metadata).toEqual({ text });
        expect(binary.isJson).toBe(false);
        expect(Buffer.from(binary.data as Uint8Array).equals(Buffer.from(bytes))).toBe(true);
        expect(Buffer.from(binary.metadata as Uint8Array).equals(Buffer.from(metaBytes))).toBe(true);
        expect(looksLikeJson.isJson).toBe(false);
        expect(Buffer.from(looksLikeJson.data as Uint8Array).toString()).toBe('{"a":1}');
        expect(noMetadata.metadata).toBeUndefined();
      });

      it('appends whose data exceed 1 MiB fail with the limit and write nothing', async () => {
        const stream = uniqueStream();
        // 12,000 small events, about 1.2 MB of data; a long deadline so only the size can refuse it.
        const events = Array.from({ length: 12_000 }, (_, n) => kit.jsonEvent({ type: 'Small', data: { n, pad: 'x'.repeat(90) } }));
        const error = await rejectionOf(client.appendToStream(stream, events, { ...via, deadline: 60_000 }));
        expect(error.type).toBe('maximum-append-size-exceeded');
        expect((error as unknown as { maxAppendSize: number }).maxAppendSize).toBe(1_048_576);
        expect((await rejectionOf(collect(client.readStream(stream)))).type).toBe('stream-not-found');
      });

      it('only data counts toward the limit: 5 MiB of metadata is accepted', async () => {
        const stream = uniqueStream();
        const metadata = { blob: 'm'.repeat(5 * 1024 * 1024) };
        await append(stream, [kit.jsonEvent({ type: 'BigMetadata', data: { small: true }, metadata })], 'no_stream');
        const [read] = await collect(client.readStream(stream));
        expect((read.event!.metadata as { blob: string }).blob.length).toBe(5 * 1024 * 1024);
      });

      it('an append whose deadline passes fails with deadline exceeded and writes nothing', async () => {
        const stream = uniqueStream();
        const events = Array.from({ length: 5_000 }, (_, n) => kit.jsonEvent({ type: 'Late', data: { n } }));
        const error = await rejectionOf(client.appendToStream(stream, events, { ...via, deadline: 1 }));
        expect(error.type).toBe('deadline-exceeded');
        expect((await rejectionOf(collect(client.readStream(stream)))).type).toBe('stream-not-found');
      });
    });

    describe('with throwOnAppendFailure=false', () => {
      let lenient: Client;
      beforeAll(() => {
        lenient = kit.connect(`${store.connectionString}&throwOnAppendFailure=false`);
      });
      afterAll(async () => {
        await lenient.dispose();
      });

      it('Append reports a wrong expected version as success=false with the current revision', async () => {
        const stream = uniqueStream();
        await lenient.appendToStream(stream, [event(0), event(1)]);
        const result = await lenient.appendToStream(stream, [event(2)], {
          ...appendPaths[1].via,
          ...kit.expecting(7n),
        });
        expect(result).toMatchObject({ success: false, nextExpectedRevision: 1n });
      });

      it('BatchAppend reports a wrong expected version as success=false', async () => {
        const stream = uniqueStream();
        await lenient.appendToStream(stream, [event(0)]);
        const result = await lenient.appendToStream(stream, [event(1)], kit.expecting('no_stream'));
        expect(result.success).toBe(false);
        expect(await collect(lenient.readStream(stream))).toHaveLength(1);
      });
    });

    describe('under concurrency', () => {
      const writers: Client[] = [];
      beforeAll(() => {
        for (let i = 0; i < 6; i++) writers.push(store.newClient(kit));
      });
      const viaOf = (i: number) => appendPaths[i % 2].via;

      it('many writers racing on one stream: exactly one winner per revision, no gaps', async () => {
        const stream = uniqueStream('race');
        const winners: string[] = [];
        for (let round = 0; round < 15; round++) {
          const expected = round === 0 ? ('no_stream' as const) : BigInt(round - 1);
          const attempts = writers.map((writer, i) => {
            const candidate = event(round);
            return writer
              .appendToStream(stream, [candidate], { ...viaOf(i), ...kit.expecting(expected) })
              .then(() => candidate.id)
              .catch((error: { type?: string }) => {
                if (error.type !== 'wrong-expected-version') throw error;
                return undefined;
              });
          });
          const won = (await Promise.all(attempts)).filter((id): id is string => id !== undefined);
          expect(won).toHaveLength(1);
          winners.push(won[0]);
        }
        const read = await collect(client.readStream(stream));
        expect(read.map((e) => e.event!.revision)).toEqual(winners.map((_, i) => BigInt(i)));
        expect(read.map((e) => e.event!.id)).toEqual(winners);
      });

      it('writers retrying on conflicts land every event exactly once, without gaps', async () => {
        const stream = uniqueStream('retry');
        const perWriter = 8;
        const written = await Promise.all(
          writers.map(async (writer, i) => {
            const ids: string[] = [];
            let expected: bigint | 'no_stream' = 'no_stream';
            while (ids.length < perWriter) {
              const candidate = event(ids.length);
              try {
                const result: AppendResult = await writer.appendToStream(stream, [candidate], { ...viaOf(i), ...kit.expecting(expected) });
                ids.push(candidate.id);
                expected = result.nextExpectedRevision;
              } catch (error) {
                if ((error as { type?: string }).type !== 'wrong-expected-version') throw error;
                const actual = kit.wrongVersion(error).actual;
                expected = typeof actual === 'bigint' ? actual : 'no_stream';
              }
            }
            return ids;
          }),
        );
        const read = await collect(client.readStream(stream));
        expect(read.map((e) => e.event!.revision)).toEqual(read.map((_, i) => BigInt(i)));
        expect(read.map((e) => e.event!.id).sort()).toEqual(written.flat().sort());
      });

      it('hundreds of writers on distinct streams all succeed with distinct positions', async () => {
        const streams = Array.from({ length: 300 }, (_, i) => uniqueStream(`many${i}`));
        const results = await Promise.all(
          streams.map((stream, i) =>
            writers[i % writers.length].appendToStream(stream, [event(i)], { ...viaOf(i), ...kit.expecting('no_stream') }),
          ),
        );
        expect(results.every((r) => r.success && r.nextExpectedRevision === 0n)).toBe(true);
        const commits = new Set(results.map((r) => r.position!.commit));
        expect(commits.size).toBe(streams.length);
        const reads = await Promise.all(streams.map((stream) => collect(client.readStream(stream))));
        reads.forEach((read, i) => expect(read.map((e) => e.event!.position)).toEqual([results[i].position]));
      });
    });
  });
}

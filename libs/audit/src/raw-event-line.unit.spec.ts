import { chainLink } from '@app/event-store/hash-chain';
import { eventLine } from './export-line';
import { parseVerifiedEventLine } from './line-parser';
import { rawEventLine } from './raw-event-line';
import { parsedRawEvent, type RawEvent } from './raw-log-reader';

const CREATED = new Date('2026-03-01T10:20:30.456Z');

/** An event as the store holds it (data and metadata as JSON.stringify wrote them), chained after `prev`. */
function stored(data: unknown, prev: string | null = null, metadataJson?: (json: string) => string): RawEvent {
  const base = { schemaVersion: 1, actor: { kind: 'system', process: 'spec' }, correlationId: 'c', causationId: 'k', command: 'Cmd' };
  const chain = chainLink({ prev, streamName: 'customer-zürich', revision: 3, type: 'Changed', data, metadata: base as never });
  const metadata = JSON.stringify({ ...base, chain });
  return {
    streamId: 'customer-zürich',
    revision: 3n,
    position: { commit: 4200n, prepare: 4200n },
    id: '0f8fad5b-d9cb-469f-a165-70867728950e',
    type: 'Changed',
    created: String(BigInt(CREATED.getTime()) * 10_000n),
    isJson: true,
    data: Buffer.from(JSON.stringify(data)),
    metadata: Buffer.from(metadataJson ? metadataJson(metadata) : metadata),
  };
}

const joined = (parts: readonly (string | Uint8Array)[]) =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : part))).toString('utf8');

describe('an export line from the stored bytes', () => {
  it.each([
    ['no previous link', null],
    ['a previous link', 'ab'.repeat(32)],
  ])('is the line parsing and serialising the event writes, with its link (%s), non-ASCII text included', (_name, prev) => {
    const event = stored({ note: 'Zürich – 東京 ✓', count: 2, nested: { list: [1, 'a"b\\c'] } }, prev);
    const raw = rawEventLine(event)!;
    const parsed = parsedRawEvent(event);
    expect(joined(raw.parts)).toBe(eventLine({ ...parsed, stream: parsed.streamId, position: parsed.position.commit }));
    expect(raw.link).toEqual((parsed.metadata as { chain: unknown }).chain);
    expect(parseVerifiedEventLine(Buffer.from(joined(raw.parts)))).toMatchObject({ stream: 'customer-zürich', revision: 3 });
  });

  it.each([
    ['data written over several lines', (event: RawEvent) => ({ ...event, data: Buffer.from('{\n  "a": 1\n}') })],
    [
      'metadata written over several lines',
      (event: RawEvent) => ({ ...event, metadata: Buffer.from(`${event.metadata}`.replace(',', ',\r\n')) }),
    ],
    ['no metadata', (event: RawEvent) => ({ ...event, metadata: Buffer.alloc(0) })],
    ['the link not the last key', (event: RawEvent) => ({ ...event, metadata: Buffer.from(`${event.metadata}`.replace(/}$/, ',"x":1}')) })],
    [
      'an escape in the hash',
      (event: RawEvent) => ({ ...event, metadata: Buffer.from(`${event.metadata}`.replace(/"}}$/, '\\u0041"}}')) }),
    ],
    ['a link nested in another key', (event: RawEvent) => ({ ...event, metadata: Buffer.from(`{"x":${event.metadata}}`) })],
  ])('leaves %s to the parse', (_name, change) => {
    expect(rawEventLine(change(stored({ a: 1 })))).toBeUndefined();
  });
});

import { ReadResp } from './protocol';
import { StoredEvent, TOMBSTONE_STORED_REVISION } from '../storage';
import { encodeReadEvent } from './read-resp-encoder';
import { uuidToString } from './uuid';

const event = (overrides: Partial<StoredEvent> = {}): StoredEvent => ({
  position: 1234567890123,
  stream: 'customer-ü€-1',
  revision: 300,
  id: '0f8fad5b-d9cb-469f-a165-70867728950e',
  type: 'CustomerAdded✓',
  isJson: true,
  data: Buffer.from('{"a":"\\u0000 ✓"}'),
  metadata: Buffer.from([0, 1, 2, 255]),
  created: 1_763_700_000_123,
  ...overrides,
});

const decode = (buffer: Buffer) => ReadResp.deserializeBinary(new Uint8Array(buffer));

describe('encodeReadEvent', () => {
  it('is read back by the generated decoder field for field', () => {
    const original = event();
    const decoded = decode(encodeReadEvent(original, undefined, false)).getEvent()!;
    const recorded = decoded.getEvent()!;
    expect(decoded.hasLink()).toBe(false);
    expect(decoded.getCommitPosition()).toBe('1234567890123');
    expect(recorded.getId()!.getString()).toBe(original.id);
    expect(Buffer.from(recorded.getStreamIdentifier()!.getStreamName_asU8()).toString()).toBe(original.stream);
    expect(recorded.getStreamRevision()).toBe('300');
    expect(recorded.getPreparePosition()).toBe('1234567890123');
    expect(recorded.getCommitPosition()).toBe('1234567890123');
    const metadata = recorded.getMetadataMap();
    expect(metadata.get('type')).toBe(original.type);
    expect(metadata.get('created')).toBe('17637000001230000');
    expect(metadata.get('content-type')).toBe('application/json');
    expect(Buffer.from(recorded.getData_asU8())).toEqual(original.data);
    expect(Buffer.from(recorded.getCustomMetadata_asU8())).toEqual(original.metadata);
  });

  it('encodes a link with its target, the link position and structured ids when asked', () => {
    const target = event({ position: 5, revision: 0, isJson: false, metadata: Buffer.alloc(0) });
    const link = event({ position: 9, stream: 'links', type: '$>', id: 'ffffffff-0000-4000-8000-000000000001' });
    const decoded = decode(encodeReadEvent(target, link, true)).getEvent()!;
    expect(decoded.getCommitPosition()).toBe('9');
    expect(decoded.getEvent()!.getStreamRevision()).toBe('0');
    expect(decoded.getEvent()!.getMetadataMap().get('content-type')).toBe('application/octet-stream');
    expect(decoded.getEvent()!.getCustomMetadata_asU8().length).toBe(0);
    expect(uuidToString(decoded.getLink()!.getId())).toBe(link.id);
    expect(decoded.getLink()!.getId()!.hasStructured()).toBe(true);
    expect(uuidToString(decoded.getEvent()!.getId())).toBe(target.id);
  });

  it('encodes an unresolved link without an event and a tombstone with revision long.MaxValue', () => {
    const link = event({ type: '$>' });
    expect(
      decode(encodeReadEvent(undefined, link, false))
        .getEvent()!
        .hasEvent(),
    ).toBe(false);
    const tombstone = event({ revision: TOMBSTONE_STORED_REVISION, data: Buffer.alloc(0) });
    const recorded = decode(encodeReadEvent(tombstone, undefined, false))
      .getEvent()!
      .getEvent()!;
    expect(recorded.getStreamRevision()).toBe('9223372036854775807');
    expect(recorded.getData_asU8().length).toBe(0);
  });
});

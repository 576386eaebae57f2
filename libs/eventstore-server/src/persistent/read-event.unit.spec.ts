import { ReadResp } from '@eventstore/db-client/generated/persistent_pb';
import type { StoredEvent } from '../storage';
import { toReadResp } from './read-event';

const record = (overrides: Partial<StoredEvent>): StoredEvent => ({
  position: 1,
  stream: 'orders',
  revision: 0,
  id: '3f1c6bde-2f4b-4c1a-9e55-0a1b2c3d4e5f',
  type: 'OrderPlaced',
  isJson: true,
  data: Buffer.from('{"a":1}'),
  metadata: Buffer.from('{"m":2}'),
  created: 1_700_000_000_123,
  ...overrides,
});

const decode = (resp: ReadResp) => ReadResp.deserializeBinary(resp.serializeBinary()).getEvent()!;

describe('toReadResp', () => {
  it('always carries the retry count and the event with its protocol metadata', () => {
    const event = record({});
    const read = decode(toReadResp({ ackId: event.id, event, link: undefined, original: event, sequence: 1, retryCount: 3 }, false));
    expect(read.hasRetryCount()).toBe(true);
    expect(read.getRetryCount()).toBe(3);
    expect(read.hasLink()).toBe(false);
    const recorded = read.getEvent()!;
    expect(recorded.getId()!.getString()).toBe(event.id);
    expect(Buffer.from(recorded.getStreamIdentifier()!.getStreamName_asU8()).toString()).toBe('orders');
    expect(recorded.getMetadataMap().get('type')).toBe('OrderPlaced');
    expect(recorded.getMetadataMap().get('content-type')).toBe('application/json');
    expect(recorded.getMetadataMap().get('created')).toBe('17000000001230000');
    expect(Buffer.from(recorded.getData_asU8()).toString()).toBe('{"a":1}');
    expect(Buffer.from(recorded.getCustomMetadata_asU8()).toString()).toBe('{"m":2}');
  });

  it('gives event and link the position of the delivered link record, like the real server', () => {
    const target = record({ position: 5, stream: 'orders', revision: 2 });
    const link = record({
      position: 90,
      stream: 'links',
      revision: 7,
      id: '00000000-0000-4000-8000-000000000001',
      type: '$>',
      isJson: false,
      data: Buffer.from('2@orders'),
    });
    const read = decode(toReadResp({ ackId: link.id, event: target, link, original: link, sequence: 1, retryCount: 0 }, false));
    expect(read.getCommitPosition()).toBe('90');
    expect(read.getEvent()!.getCommitPosition()).toBe('90');
    expect(read.getEvent()!.getStreamRevision()).toBe('2');
    expect(read.getLink()!.getPreparePosition()).toBe('90');
    expect(read.getLink()!.getMetadataMap().get('content-type')).toBe('application/octet-stream');
  });

  it('answers structured ids when the client asked for them', () => {
    const event = record({ id: '00000000-0000-0001-ffff-ffffffffffff' });
    const read = decode(toReadResp({ ackId: event.id, event, link: undefined, original: event, sequence: 1, retryCount: 0 }, true));
    const structured = read.getEvent()!.getId()!.getStructured()!;
    expect([structured.getMostSignificantBits(), structured.getLeastSignificantBits()]).toEqual(['1', '-1']);
  });
});

import { ExpectedRevision, WriteOutcome } from '../storage';
import { decodeBatchAppendReq } from './batch-append-request';
import { BatchAppendReq, BatchAppendResp, shared, type UUID } from './protocol';
import { newEventOf, toNewEvent } from './request-fields';
import type { PendingBatch } from './streams/batch-append';
import { resultResponse, withEcho } from './streams/batch-append-replies';
import { uuidToString } from './uuid';
import { Empty } from 'google-protobuf/google/protobuf/empty_pb';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';

const uuid = (text: string) => new shared.UUID().setString(text);
const structured = (most: string, least: string) =>
  new shared.UUID().setStructured(new shared.UUID.Structured().setMostSignificantBits(most).setLeastSignificantBits(least));

function proposed(id: UUID | undefined, metadata: Array<[string, string]>, data: string, custom: string) {
  const message = new BatchAppendReq.ProposedMessage().setData(Buffer.from(data)).setCustomMetadata(Buffer.from(custom));
  if (id) message.setId(id);
  for (const [key, value] of metadata) message.getMetadataMap().set(key, value);
  return message;
}

/** A request as the client builds it. */
function clientRequest(): BatchAppendReq {
  const options = new BatchAppendReq.Options()
    .setStreamIdentifier(new shared.StreamIdentifier().setStreamName(Buffer.from('customer-ü€-1')))
    .setStreamPosition('18446744073709551615')
    .setDeadline(new Timestamp().setSeconds(1_763_700_000).setNanos(123_456_789));
  return new BatchAppendReq()
    .setCorrelationId(uuid('0F8FAD5B-D9CB-469F-A165-70867728950E'))
    .setOptions(options)
    .setProposedMessagesList([
      proposed(
        uuid('7b0e6c2e-1c5e-4c8e-9f0a-2a3b4c5d6e7f'),
        [
          ['type', 'CustomerAdded✓'],
          ['content-type', 'application/json'],
          ['extra', 'ignored'],
        ],
        '{"a":"✓"}',
        '\u0000\u0001',
      ),
      proposed(
        structured('-1', '9223372036854775807'),
        [
          ['content-type', 'application/octet-stream'],
          ['type', 't'],
        ],
        '',
        '',
      ),
      proposed(uuid('not a uuid'), [['type', '']], 'x', ''),
      proposed(undefined, [], '', ''),
    ])
    .setIsFinal(true);
}

/** The generated decoder's reading of `bytes`, in the shape the hand-written decoder returns. */
function generatedReading(bytes: Uint8Array) {
  const request = BatchAppendReq.deserializeBinary(bytes);
  const options = request.getOptions();
  const Case = BatchAppendReq.Options.ExpectedStreamPositionCase;
  const cases = {
    [Case.STREAM_POSITION]: 'revision',
    [Case.NO_STREAM]: 'no_stream',
    [Case.ANY]: 'any',
    [Case.STREAM_EXISTS]: 'stream_exists',
  };
  const deadline = options?.getDeadline();
  return {
    correlation: request.getCorrelationId() ? Buffer.from(request.getCorrelationId()!.serializeBinary()) : undefined,
    correlationId: uuidToString(request.getCorrelationId()),
    options: options && {
      identifier: options.getStreamIdentifier() ? Buffer.from(options.getStreamIdentifier()!.serializeBinary()) : undefined,
      streamName: options.getStreamIdentifier() ? Buffer.from(options.getStreamIdentifier()!.getStreamName_asU8()) : undefined,
      expectedCase: cases[options.getExpectedStreamPositionCase() as keyof typeof cases] ?? 'unset',
      streamPosition: options.getStreamPosition(),
      deadlineMs: deadline ? deadline.getSeconds() * 1000 + Math.floor(deadline.getNanos() / 1e6) : undefined,
    },
    messages: request.getProposedMessagesList().map((message) => ({
      id: uuidToString(message.getId()),
      type: message.getMetadataMap().get('type'),
      contentType: message.getMetadataMap().get('content-type'),
      data: Buffer.from(message.getData_asU8()),
      customMetadata: Buffer.from(message.getCustomMetadata_asU8()),
    })),
    isFinal: request.getIsFinal(),
  };
}

const handReading = (bytes: Uint8Array) => {
  const decoded = decodeBatchAppendReq(Buffer.from(bytes));
  return {
    ...decoded,
    messages: decoded.messages.map((m) => ({ ...m, data: Buffer.from(m.data), customMetadata: Buffer.from(m.customMetadata) })),
  };
};

const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

describe('decodeBatchAppendReq', () => {
  it('reads what the generated decoder reads from a client request', () => {
    const bytes = clientRequest().serializeBinary();
    const hand = handReading(bytes);
    expect(hand).toEqual(generatedReading(bytes));
    expect(hand.correlationId).toBe('0f8fad5b-d9cb-469f-a165-70867728950e');
    expect(hand.options?.streamPosition).toBe('18446744073709551615');
    expect(hand.messages[1].id).toBe('ffffffff-ffff-ffff-7fff-ffffffffffff');
  });

  it('turns proposed messages into the same events, and refuses the same ones, as the generated path', () => {
    const bytes = clientRequest().serializeBinary();
    const viaGenerated = BatchAppendReq.deserializeBinary(bytes)
      .getProposedMessagesList()
      .map((message) => attempt(() => toNewEvent(message)));
    const viaHand = decodeBatchAppendReq(Buffer.from(bytes)).messages.map((message) => attempt(() => newEventOf(message)));
    expect(viaHand).toEqual(viaGenerated);
    expect(viaHand.map((r) => ('error' in r ? r.error : r.event.type))).toEqual([
      'CustomerAdded✓',
      't',
      'Event id must be a valid UUID',
      'Event id must be a valid UUID',
    ]);
  });

  it('keeps the last of a repeated message field and the last case of a oneof, and skips unknown fields', () => {
    const first = new BatchAppendReq()
      .setCorrelationId(structured('1', '2'))
      .setOptions(
        new BatchAppendReq.Options().setAny(new Empty()).setStreamIdentifier(new shared.StreamIdentifier().setStreamName(Buffer.from('a'))),
      );
    const second = new BatchAppendReq()
      .setCorrelationId(uuid('0f8fad5b-d9cb-469f-a165-70867728950e'))
      .setOptions(new BatchAppendReq.Options().setStreamPosition('0').setNoStream(new Empty()));
    // Field 15 as a varint, field 16 as fixed64, field 17 as fixed32, field 18 length-delimited.
    const unknown = new Uint8Array([0x78, 0x96, 0x01, 0x81, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0x8d, 0x01, 1, 2, 3, 4, 0x92, 0x01, 2, 9, 9]);
    for (const bytes of [
      concat(first.serializeBinary(), second.serializeBinary()),
      concat(second.serializeBinary(), first.serializeBinary()),
      concat(unknown, first.serializeBinary(), unknown),
      new BatchAppendReq()
        .setOptions(new BatchAppendReq.Options().setStreamPosition('41').setDeadline(new Timestamp().setSeconds(-5).setNanos(999_999_999)))
        .serializeBinary(),
      new Uint8Array(0),
    ]) {
      expect(handReading(bytes)).toEqual(generatedReading(bytes));
    }
  });

  it('throws on a truncated message, as the generated decoder does', () => {
    const bytes = clientRequest().serializeBinary();
    const truncated = bytes.subarray(0, bytes.length - 3);
    expect(() => BatchAppendReq.deserializeBinary(truncated)).toThrow();
    expect(() => decodeBatchAppendReq(Buffer.from(truncated))).toThrow();
  });
});

describe('resultResponse', () => {
  const echo = {
    correlation: Buffer.from(uuid('0f8fad5b-d9cb-469f-a165-70867728950e').serializeBinary()),
    identifier: Buffer.from(new shared.StreamIdentifier().setStreamName(Buffer.from('customer-1')).serializeBinary()),
  };

  /** The success reply as the generated classes encode it. */
  function generatedSuccess(expected: number, revision: number, position: number | null): Buffer {
    const success = new BatchAppendResp.Success();
    if (revision < 0) success.setNoStream(new Empty());
    else success.setCurrentRevision(String(revision));
    if (position === null) success.setNoPosition(new Empty());
    else success.setPosition(new shared.AllStreamPosition().setCommitPosition(String(position)).setPreparePosition(String(position)));
    const response = new BatchAppendResp().setSuccess(success);
    if (expected === ExpectedRevision.any) response.setAny(new Empty());
    else if (expected === ExpectedRevision.streamExists) response.setStreamExists(new Empty());
    else if (expected === ExpectedRevision.noStream) response.setNoStream(new Empty());
    else response.setStreamPosition(String(expected));
    return withEcho(response, echo);
  }

  it('encodes a success byte for byte as the generated encoder does', () => {
    for (const expected of [ExpectedRevision.any, ExpectedRevision.noStream, ExpectedRevision.streamExists, 0, 300, 2 ** 40]) {
      for (const revision of [-1, 0, 127, 128, 2 ** 40]) {
        for (const position of [null, 0, 1, 1_234_567_890_123]) {
          const batch: PendingBatch = { ...echo, stream: 'customer-1', expected, events: [], size: 0 };
          const outcome: WriteOutcome = { kind: 'ok', revision, position };
          expect(resultResponse(batch, outcome)).toEqual(generatedSuccess(expected, revision, position));
        }
      }
    }
  });

  it('echoes the correlation id and stream identifier on an error reply', () => {
    const batch: PendingBatch = { ...echo, stream: 'customer-1', expected: 3, events: [], size: 0 };
    const reply = BatchAppendResp.deserializeBinary(resultResponse(batch, { kind: 'wrong-expected-version', current: 5, expected: 3 }));
    expect(reply.getResultCase()).toBe(BatchAppendResp.ResultCase.ERROR);
    expect(uuidToString(reply.getCorrelationId())).toBe('0f8fad5b-d9cb-469f-a165-70867728950e');
    expect(Buffer.from(reply.getStreamIdentifier()!.getStreamName_asU8()).toString()).toBe('customer-1');
    expect(reply.getStreamPosition()).toBe('3');
  });
});

function attempt<T>(run: () => T): { event: T } | { error: string } {
  try {
    return { event: run() };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

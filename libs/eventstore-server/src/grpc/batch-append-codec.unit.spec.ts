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

  it('reads random requests as the generated decoder does: map entries in any order, repeated keys, near-miss keys and ids, unknown fields', () => {
    const random = seeded(16);
    let compared = 0;
    for (let n = 0; n < 400; n++) {
      const { bytes, entryOutsideGenerated } = randomRequest(random);
      if (entryOutsideGenerated) {
        // google-protobuf asserts on a map entry without a key or a value, and does not skip an unknown
        // field inside one; protobuf reads the missing part as '' and skips the field, as this decoder does.
        expect(() => decodeBatchAppendReq(Buffer.from(bytes))).not.toThrow();
        continue;
      }
      compared++;
      expect(handReading(bytes)).toEqual(generatedReading(bytes));
      const viaGenerated = BatchAppendReq.deserializeBinary(bytes)
        .getProposedMessagesList()
        .map((message) => attempt(() => toNewEvent(message)));
      const viaHand = decodeBatchAppendReq(Buffer.from(bytes)).messages.map((message) => attempt(() => newEventOf(message)));
      expect(viaHand).toEqual(viaGenerated);
    }
    expect(compared).toBeGreaterThan(100);
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

/** A small deterministic generator (mulberry32), so a failing case can be found again. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, choices: readonly T[]): T => choices[Math.floor(random() * choices.length)];

function varint(value: number): number[] {
  const out: number[] = [];
  while (value > 127) {
    out.push((value & 127) | 128);
    value = Math.floor(value / 128);
  }
  out.push(value);
  return out;
}

/** A length-delimited field as raw wire bytes. */
const field = (number: number, bytes: Uint8Array) => Buffer.from([...varint((number << 3) | 2), ...varint(bytes.length), ...bytes]);

/** Fields no message here defines, of every wire type. */
const UNKNOWN = [
  Buffer.from([0x78, 0x96, 0x01]),
  Buffer.from([0x81, 0x01, 1, 2, 3, 4, 5, 6, 7, 8]),
  Buffer.from([0x8d, 0x01, 1, 2, 3, 4]),
  Buffer.from([0x92, 0x01, 2, 9, 9]),
];
const unknownFields = (random: () => number) => Buffer.concat(Array.from({ length: random() < 0.7 ? 0 : 2 }, () => pick(random, UNKNOWN)));

const HEX = '0123456789abcdefABCDEF';
function uuidText(random: () => number): string {
  const valid = Array.from({ length: 36 }, (_, i) => ([8, 13, 18, 23].includes(i) ? '-' : pick(random, [...HEX]))).join('');
  return pick(random, [
    valid,
    valid.toLowerCase(),
    valid.toUpperCase(),
    valid.slice(1),
    `${valid}0`,
    `{${valid.slice(1, 35)}}`,
    valid.replace('-', '0'),
    `${valid.slice(0, 20)}g${valid.slice(21)}`,
    `${valid.slice(0, 20)}\u212a${valid.slice(21)}`,
    '',
  ]);
}

function randomUuid(random: () => number): UUID {
  if (random() < 0.7) return uuid(uuidText(random));
  const half = () => String(BigInt.asIntN(64, BigInt(Math.floor(random() * 2 ** 53)) * BigInt(Math.floor(random() * 4096))));
  return structured(half(), half());
}

const KEYS = ['type', 'content-type', 'Type', 'typ', 'types', 'content-type ', 'Content-Type', '', 'is-json'];
const VALUES = ['application/json', 'application/JSON', 'application/json ', 'application/octet-stream', '', 'CustomerAdded', 'Kundë✓'];

interface Generated {
  /** A map entry was made that google-protobuf cannot read (see the spec). */
  entryOutsideGenerated: boolean;
}

/** A map entry as raw bytes: key and value in either order, repeated, rarely one missing or with unknown fields. */
function mapEntry(random: () => number, generated: Generated): Buffer {
  const parts = [field(1, Buffer.from(pick(random, KEYS))), field(2, Buffer.from(pick(random, VALUES)))];
  if (random() < 0.3) parts.reverse();
  if (random() < 0.1) parts.push(field(2, Buffer.from(pick(random, VALUES))));
  if (random() < 0.1) parts.push(field(1, Buffer.from(pick(random, KEYS))));
  if (random() < 0.05) {
    parts.splice(Math.floor(random() * parts.length), 1);
    generated.entryOutsideGenerated = true;
  }
  if (random() < 0.05) {
    parts.splice(Math.floor(random() * (parts.length + 1)), 0, pick(random, UNKNOWN));
    generated.entryOutsideGenerated = true;
  }
  return field(2, Buffer.concat(parts));
}

function randomProposed(random: () => number, generated: Generated): Buffer {
  const message = new BatchAppendReq.ProposedMessage();
  if (random() < 0.9) message.setId(randomUuid(random));
  if (random() < 0.8) message.setData(Buffer.from(Array.from({ length: Math.floor(random() * 40) }, () => Math.floor(random() * 256))));
  if (random() < 0.3) message.setCustomMetadata(Buffer.from([1, 2, 3].slice(0, Math.floor(random() * 4))));
  const parts: Buffer[] = [Buffer.from(message.serializeBinary())];
  for (let i = Math.floor(random() * 5); i > 0; i--) parts.push(mapEntry(random, generated));
  if (random() < 0.1) parts.push(field(1, randomUuid(random).serializeBinary()));
  parts.push(unknownFields(random));
  return Buffer.concat(random() < 0.5 ? parts : parts.reverse());
}

function randomRequest(random: () => number): Generated & { bytes: Uint8Array } {
  const generated: Generated = { entryOutsideGenerated: false };
  const request = new BatchAppendReq().setIsFinal(random() < 0.5);
  if (random() < 0.9) request.setCorrelationId(randomUuid(random));
  if (random() < 0.8) {
    const options = new BatchAppendReq.Options();
    if (random() < 0.9)
      options.setStreamIdentifier(new shared.StreamIdentifier().setStreamName(Buffer.from(pick(random, ['a', 'customer-ü', '']))));
    const expected = pick(random, ['position', 'no_stream', 'any', 'stream_exists', 'none']);
    if (expected === 'position') options.setStreamPosition(String(Math.floor(random() * 2 ** 40)));
    else if (expected === 'no_stream') options.setNoStream(new Empty());
    else if (expected === 'any') options.setAny(new Empty());
    else if (expected === 'stream_exists') options.setStreamExists(new Empty());
    if (random() < 0.3) options.setDeadline(new Timestamp().setSeconds(Math.floor(random() * 2e9)).setNanos(Math.floor(random() * 1e9)));
    request.setOptions(options);
  }
  const messages = Array.from({ length: Math.floor(random() * 6) }, () => field(3, randomProposed(random, generated)));
  const bytes = new Uint8Array(Buffer.concat([Buffer.from(request.serializeBinary()), ...messages, unknownFields(random)]));
  return { ...generated, bytes };
}

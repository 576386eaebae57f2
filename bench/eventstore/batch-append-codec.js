// The BatchAppend request decoder and success-reply encoder written by hand (grpc/batch-append-request,
// grpc/streams/batch-append-replies) against the generated google-protobuf classes they replace, on
// the request the client sends for one event (and for 100), in this process. Prints ns per request
// for each and the ratio. Needs `npm run build`.
//   BENCH_SECONDS  seconds per measurement (default 2)   BENCH_ROUNDS  alternations (default 3)
'use strict';
const { resolve, join } = require('node:path');
const { randomUUID } = require('node:crypto');

const dist = join(resolve(__dirname, '../..'), 'dist/libs/eventstore-server/src/grpc');
const { BatchAppendReq, BatchAppendResp, shared } = require(join(dist, 'protocol'));
const { decodeBatchAppendReq } = require(join(dist, 'batch-append-request'));
const { newEventOf, toNewEvent, streamNameOf, streamNameFromBytes, expectedRevisionOf } = require(join(dist, 'request-fields'));
const { resultResponse } = require(join(dist, 'streams/batch-append-replies'));
const { uuidToString } = require(join(dist, 'uuid'));
const { Timestamp } = require('google-protobuf/google/protobuf/timestamp_pb');

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const payload = { customerId: '6f1c2a9e-2b7d-4c55-9a57-0d6f3c1f9b21', companyName: 'Contoso Ltd', at: '2026-01-01T00:00:00.000Z' };

/** A request built as @eventstore/db-client's batchAppend builds it. */
function request(events) {
  const options = new BatchAppendReq.Options()
    .setStreamIdentifier(new shared.StreamIdentifier().setStreamName(Buffer.from(`bench-${randomUUID()}`)))
    .setStreamPosition('41')
    .setDeadline(Timestamp.fromDate(new Date(Date.now() + 10_000)));
  const req = new BatchAppendReq().setCorrelationId(new shared.UUID().setString(randomUUID())).setOptions(options).setIsFinal(true);
  for (let n = 0; n < events; n++) {
    const message = new BatchAppendReq.ProposedMessage()
      .setId(new shared.UUID().setString(randomUUID()))
      .setData(Buffer.from(JSON.stringify({ ...payload, n })))
      .setCustomMetadata(new Uint8Array(0));
    message.getMetadataMap().set('type', 'BenchEvent').set('content-type', 'application/json');
    req.addProposedMessages(message);
  }
  return Buffer.from(req.serializeBinary());
}

// What the handler did per request before: the generated decoder, the getters, the generated reply.
function generated(bytes) {
  const req = BatchAppendReq.deserializeBinary(bytes);
  const options = req.getOptions();
  uuidToString(req.getCorrelationId());
  streamNameOf(options.getStreamIdentifier());
  const expected = expectedRevisionOf('revision', options.getStreamPosition());
  const deadline = options.getDeadline();
  void (deadline.getSeconds() * 1000 + Math.floor(deadline.getNanos() / 1e6));
  const events = req.getProposedMessagesList().map(toNewEvent);
  const position = String(1_000_000 + events.length);
  const success = new BatchAppendResp.Success()
    .setCurrentRevision(String(expected + events.length))
    .setPosition(new shared.AllStreamPosition().setCommitPosition(position).setPreparePosition(position));
  return new BatchAppendResp()
    .setSuccess(success)
    .setStreamPosition(String(expected))
    .setCorrelationId(req.getCorrelationId())
    .setStreamIdentifier(options.getStreamIdentifier())
    .serializeBinary();
}

function byHand(bytes) {
  const req = decodeBatchAppendReq(bytes);
  const stream = streamNameFromBytes(req.options.streamName);
  const expected = expectedRevisionOf(req.options.expectedCase, req.options.streamPosition);
  const events = req.messages.map(newEventOf);
  const batch = { correlation: req.correlation, identifier: req.options.identifier, stream, expected, events, size: 0 };
  return resultResponse(batch, { kind: 'ok', revision: expected + events.length, position: 1_000_000 + events.length });
}

function timed(codec, requests) {
  let n = 0;
  const stopAt = Date.now() + SECONDS * 1000;
  const started = process.hrtime.bigint();
  while (Date.now() < stopAt) for (let i = 0; i < 100; i++) codec(requests[n++ % requests.length]);
  return Number(process.hrtime.bigint() - started) / n;
}

for (const events of [1, 100]) {
  const requests = Array.from({ length: 1000 }, () => request(events));
  for (let round = 1; round <= ROUNDS; round++) {
    const before = timed(generated, requests);
    const after = timed(byHand, requests);
    console.log(
      `${events} event(s) per request, round ${round}: generated ${Math.round(before)} ns, by hand ${Math.round(after)} ns, ${(before / after).toFixed(2)}x`,
    );
  }
}

import { createdTicks, StoredEvent, TOMBSTONE_STORED_REVISION } from '../storage';
import { bigVarintSize, fieldSize, ProtoWriter, tagSize, varintFieldSize } from './proto-writer';
import { uuidHalves } from './uuid';

// Field numbers from streams.proto / shared.proto.
const READ_RESP_EVENT = 1;
const READ_EVENT = { event: 1, link: 2, commitPosition: 3, noPosition: 4 };
const RECORDED = { id: 1, stream: 2, revision: 3, prepare: 4, commit: 5, metadata: 6, custom: 7, data: 8 };
const UUID_STRUCTURED = 1;
const UUID_STRING = 2;
const STREAM_NAME = 3;
const MAP_KEY = 1;
const MAP_VALUE = 2;

const TOMBSTONE_REVISION = 9223372036854775807n;
const JSON_CONTENT_TYPE = 'application/json';
const BINARY_CONTENT_TYPE = 'application/octet-stream';

interface RecordedLayout {
  event: StoredEvent;
  idBody: number;
  structured?: [bigint, bigint];
  streamBytes: number;
  typeBytes: number;
  created: string;
  contentType: string;
  metadataEntries: number[];
  size: number;
}

const entrySize = (keyLength: number, valueBytes: number): number => fieldSize(MAP_KEY, keyLength) + fieldSize(MAP_VALUE, valueBytes);

function layout(event: StoredEvent, structuredIds: boolean): RecordedLayout {
  let structured: [bigint, bigint] | undefined;
  let idBody: number;
  if (structuredIds) {
    const [most, least] = uuidHalves(event.id);
    structured = [BigInt(most), BigInt(least)];
    const halves = tagSize(1) + bigVarintSize(structured[0]) + tagSize(2) + bigVarintSize(structured[1]);
    idBody = fieldSize(UUID_STRUCTURED, halves);
  } else idBody = fieldSize(UUID_STRING, 36);
  const streamBytes = Buffer.byteLength(event.stream);
  const typeBytes = Buffer.byteLength(event.type);
  const created = createdTicks(event.created);
  const contentType = event.isJson ? JSON_CONTENT_TYPE : BINARY_CONTENT_TYPE;
  const metadataEntries = [entrySize(4, typeBytes), entrySize(7, created.length), entrySize(12, contentType.length)];
  const revisionSize =
    event.revision === TOMBSTONE_STORED_REVISION
      ? tagSize(RECORDED.revision) + bigVarintSize(TOMBSTONE_REVISION)
      : varintFieldSize(RECORDED.revision, event.revision);
  let size =
    fieldSize(RECORDED.id, idBody) +
    fieldSize(RECORDED.stream, fieldSize(STREAM_NAME, streamBytes)) +
    revisionSize +
    varintFieldSize(RECORDED.prepare, event.position) +
    varintFieldSize(RECORDED.commit, event.position);
  for (const entry of metadataEntries) size += fieldSize(RECORDED.metadata, entry);
  if (event.metadata.length > 0) size += fieldSize(RECORDED.custom, event.metadata.length);
  if (event.data.length > 0) size += fieldSize(RECORDED.data, event.data.length);
  return { event, idBody, structured, streamBytes, typeBytes, created, contentType, metadataEntries, size };
}

function writeEntry(writer: ProtoWriter, size: number, key: string, value: string, valueBytes: number): void {
  writer.header(RECORDED.metadata, size);
  writer.stringField(MAP_KEY, key, key.length);
  writer.stringField(MAP_VALUE, value, valueBytes);
}

function writeRecorded(writer: ProtoWriter, field: number, l: RecordedLayout): void {
  const event = l.event;
  writer.header(field, l.size);
  writer.header(RECORDED.id, l.idBody);
  if (l.structured) {
    const [most, least] = l.structured;
    writer.header(UUID_STRUCTURED, l.idBody - tagSize(UUID_STRUCTURED) - 1);
    writer.bigVarintField(1, most);
    writer.bigVarintField(2, least);
  } else writer.stringField(UUID_STRING, event.id, 36);
  writer.header(RECORDED.stream, fieldSize(STREAM_NAME, l.streamBytes));
  writer.stringField(STREAM_NAME, event.stream, l.streamBytes);
  if (event.revision === TOMBSTONE_STORED_REVISION) writer.bigVarintField(RECORDED.revision, TOMBSTONE_REVISION);
  else writer.varintField(RECORDED.revision, event.revision);
  writer.varintField(RECORDED.prepare, event.position);
  writer.varintField(RECORDED.commit, event.position);
  writeEntry(writer, l.metadataEntries[0], 'type', event.type, l.typeBytes);
  writeEntry(writer, l.metadataEntries[1], 'created', l.created, l.created.length);
  writeEntry(writer, l.metadataEntries[2], 'content-type', l.contentType, l.contentType.length);
  if (event.metadata.length > 0) writer.bytesField(RECORDED.custom, event.metadata);
  if (event.data.length > 0) writer.bytesField(RECORDED.data, event.data);
}

/**
 * A `ReadResp{event: ReadEvent{event, link?, commit_position}}` ready to send. `event` is the record
 * itself or, for a resolved link, its target; `link` is the link record; the commit position is the
 * original record's (the link's when there is one). An unresolvable link has `event` undefined.
 */
export function encodeReadEvent(event: StoredEvent | undefined, link: StoredEvent | undefined, structuredIds: boolean): Buffer {
  const eventLayout = event ? layout(event, structuredIds) : undefined;
  const linkLayout = link ? layout(link, structuredIds) : undefined;
  const commitPosition = (link ?? event)!.position;
  let readEventSize = varintFieldSize(READ_EVENT.commitPosition, commitPosition);
  if (eventLayout) readEventSize += fieldSize(READ_EVENT.event, eventLayout.size);
  if (linkLayout) readEventSize += fieldSize(READ_EVENT.link, linkLayout.size);
  const writer = new ProtoWriter(fieldSize(READ_RESP_EVENT, readEventSize));
  writer.header(READ_RESP_EVENT, readEventSize);
  if (eventLayout) writeRecorded(writer, READ_EVENT.event, eventLayout);
  if (linkLayout) writeRecorded(writer, READ_EVENT.link, linkLayout);
  writer.varintField(READ_EVENT.commitPosition, commitPosition);
  return writer.finish();
}

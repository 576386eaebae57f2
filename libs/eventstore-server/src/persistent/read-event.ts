import { ReadResp } from '@eventstore/db-client/generated/persistent_pb';
import { StreamIdentifier } from '@eventstore/db-client/generated/shared_pb';
import { uuidMessage } from '../grpc/uuid';
import { createdTicks, StoredEvent, TOMBSTONE_STORED_REVISION, TOMBSTONE_WIRE_REVISION } from '../storage';
import type { GroupMessage } from './message';

function recordedEvent(record: StoredEvent, position: number, structuredIds: boolean): ReadResp.ReadEvent.RecordedEvent {
  const recorded = new ReadResp.ReadEvent.RecordedEvent()
    .setId(uuidMessage(record.id, structuredIds))
    .setStreamIdentifier(new StreamIdentifier().setStreamName(Buffer.from(record.stream, 'utf8')))
    .setStreamRevision(record.revision === TOMBSTONE_STORED_REVISION ? TOMBSTONE_WIRE_REVISION : `${record.revision}`)
    .setCommitPosition(`${position}`)
    .setPreparePosition(`${position}`)
    .setData(record.data)
    .setCustomMetadata(record.metadata);
  const metadata = recorded.getMetadataMap();
  metadata.set('type', record.type);
  metadata.set('content-type', record.isJson ? 'application/json' : 'application/octet-stream');
  metadata.set('created', createdTicks(record.created));
  return recorded;
}

/** Like the real server, both records carry the position of the record that was delivered (the link, if any). */
export function toReadResp(message: GroupMessage, structuredIds: boolean): ReadResp {
  const position = (message.link ?? message.original).position;
  const readEvent = new ReadResp.ReadEvent().setCommitPosition(`${position}`).setRetryCount(message.retryCount);
  if (message.event) readEvent.setEvent(recordedEvent(message.event, position, structuredIds));
  if (message.link) readEvent.setLink(recordedEvent(message.link, position, structuredIds));
  return new ReadResp().setEvent(readEvent);
}

export function confirmation(subscriptionId: string): ReadResp {
  return new ReadResp().setSubscriptionConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(subscriptionId));
}

import { ReadResp, StreamIdentifier } from '../protocol';
import type { EventLog, StoredEvent } from '../../storage';
import { encodeReadEvent } from '../read-resp-encoder';

const toBuffer = (response: ReadResp): Buffer => Buffer.from(response.serializeBinary());

export const streamNotFoundReply = (stream: string): Buffer =>
  toBuffer(
    new ReadResp().setStreamNotFound(
      new ReadResp.StreamNotFound().setStreamIdentifier(new StreamIdentifier().setStreamName(Buffer.from(stream))),
    ),
  );

export const confirmationReply = (subscriptionId: string): Buffer =>
  toBuffer(new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(subscriptionId)));

export const caughtUpReply = (): Buffer => toBuffer(new ReadResp().setCaughtUp(new ReadResp.CaughtUp()));

export const checkpointReply = (position: number): Buffer =>
  toBuffer(
    new ReadResp().setCheckpoint(new ReadResp.Checkpoint().setCommitPosition(String(position)).setPreparePosition(String(position))),
  );

/** An event reply, resolving `$>` links when asked (A3). */
export function eventReply(storage: EventLog, record: StoredEvent, resolveLinks: boolean, structuredIds: boolean): Buffer {
  if (resolveLinks && record.type === '$>') {
    return encodeReadEvent(storage.resolveLink(record), record, structuredIds);
  }
  return encodeReadEvent(record, undefined, structuredIds);
}

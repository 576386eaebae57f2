import { ReadReq, ReadResp } from '@eventstore/db-client/generated/persistent_pb';
import type { ServerDuplexStream, ServiceError } from '@grpc/grpc-js';
import { uuidToString } from '../../grpc/uuid';
import type { Consumer, DropReason } from '../consumer';
import { doesNotExist, dropped, InvalidPersistentRequest, maximumSubscribersReached } from '../errors';
import { eventSourceOf } from '../event-source';
import type { GroupLog, NackAction, PersistentGroup } from '../persistent-group';
import { confirmation, toReadResp } from '../read-event';
import type { PersistentSubsystem } from '../subsystem';
import { namesOf, toServiceError } from './call-errors';

const nackActions: Record<number, NackAction> = {
  [ReadReq.Nack.Action.UNKNOWN]: 'unknown',
  [ReadReq.Nack.Action.PARK]: 'park',
  [ReadReq.Nack.Action.RETRY]: 'retry',
  [ReadReq.Nack.Action.SKIP]: 'skip',
  [ReadReq.Nack.Action.STOP]: 'stop',
};

const idsOf = (ids: ReadonlyArray<Parameters<typeof uuidToString>[0]>): string[] =>
  ids.map(uuidToString).filter((id): id is string => id !== undefined);

/**
 * The bidirectional Read: options first, then a confirmation `<stream>::<group>`, events, and acks and
 * nacks from the client. A client cancel releases the connection without answering.
 */
export const readGroup =
  (subsystem: PersistentSubsystem, log: GroupLog) =>
  (call: ServerDuplexStream<ReadReq, ReadResp>): void => {
    let session: { group: PersistentGroup; consumer: Consumer } | undefined;
    let names = { stream: '', group: '' };
    let closed = false;

    const release = (): void => {
      if (session) session.group.disconnect(session.consumer);
      session = undefined;
    };
    const close = (error?: ServiceError): void => {
      if (closed) return;
      closed = true;
      release();
      if (error) call.emit('error', error);
      else call.end();
    };
    const onDrop = (reason: DropReason): void => {
      session = undefined;
      if (reason === 'deleted') close(doesNotExist(names.stream, names.group));
      else if (reason === 'dropped') close(dropped(names.stream, names.group));
      else close();
    };

    const open = (request: ReadReq): void => {
      const options = request.getOptions();
      if (!options) throw new InvalidPersistentRequest('The first message of a Read must carry its options');
      names = namesOf(options);
      const { eventSource, group } = eventSourceOf(options);
      const bufferSize = options.getBufferSize();
      if (!Number.isInteger(bufferSize) || bufferSize <= 0) throw new InvalidPersistentRequest('Buffer size must be positive');
      const found = subsystem.find(eventSource, group);
      if (!found) throw doesNotExist(eventSource, group);
      if (found.isFull) throw maximumSubscribersReached(eventSource, group);
      const structured = options.getUuidOption()?.hasStructured() ?? false;
      const connectionName = call.metadata.get('connection-name')[0];
      // Insecure mode: every call runs as the real server's `system` user (ESDB-WIRE A0).
      const consumer = found.connect(
        bufferSize,
        { connectionName: connectionName === undefined ? '' : `${connectionName}`, from: call.getPeer(), username: 'system' },
        { deliver: (message) => call.write(toReadResp(message, structured)), drop: onDrop },
      );
      session = { group: found, consumer };
      // Deliveries start on a later turn of the event loop, so the confirmation still comes first.
      call.write(confirmation(found.key));
    };

    call.on('data', (request: ReadReq) => {
      if (closed) return;
      try {
        if (!session) return open(request);
        const ack = request.getAck();
        if (ack) return session.group.ack(session.consumer, idsOf(ack.getIdsList()));
        const nack = request.getNack();
        if (nack) {
          const action = nackActions[nack.getAction()] ?? 'unknown';
          return session.group.nack(session.consumer, idsOf(nack.getIdsList()), action, nack.getReason());
        }
      } catch (error) {
        close(toServiceError(error, names, log));
      }
    });
    call.on('end', () => close());
    const abandon = (): void => {
      closed = true;
      release();
    };
    call.on('cancelled', abandon);
    call.on('error', abandon);
  };

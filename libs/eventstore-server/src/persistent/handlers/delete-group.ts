import { DeleteReq, DeleteResp } from '@eventstore/db-client/generated/persistent_pb';
import type { ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import { eventSourceOf } from '../event-source';
import type { GroupLog } from '../persistent-group';
import type { PersistentSubsystem } from '../subsystem';
import { answer, namesOf } from './call-errors';

/** Connected consumers are dropped with NOT_FOUND, as on the real server. */
export const deleteGroup =
  (subsystem: PersistentSubsystem, log: GroupLog) =>
  (call: ServerUnaryCall<DeleteReq, DeleteResp>, callback: sendUnaryData<DeleteResp>): void =>
    answer(
      callback,
      () => namesOf(call.request.getOptions()),
      log,
      async () => {
        const options = call.request.getOptions();
        const { eventSource, group } = eventSourceOf(options);
        await subsystem.delete(eventSource, group);
        return new DeleteResp();
      },
    );

import { ReplayParkedReq, ReplayParkedResp } from '@eventstore/db-client/generated/persistent_pb';
import type { ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import { doesNotExist, InvalidPersistentRequest } from '../errors';
import { eventSourceOf } from '../event-source';
import type { GroupLog } from '../persistent-group';
import type { PersistentSubsystem } from '../subsystem';
import { answer, namesOf } from './call-errors';

function stopAtOf(options: ReplayParkedReq.Options): number | undefined {
  if (options.getStopAtOptionCase() !== ReplayParkedReq.Options.StopAtOptionCase.STOP_AT) return undefined;
  const stopAt = Number(options.getStopAt());
  if (!Number.isSafeInteger(stopAt) || stopAt < 0) throw new InvalidPersistentRequest(`Invalid stop_at ${options.getStopAt()}`);
  return stopAt;
}

export const replayParked =
  (subsystem: PersistentSubsystem, log: GroupLog) =>
  (call: ServerUnaryCall<ReplayParkedReq, ReplayParkedResp>, callback: sendUnaryData<ReplayParkedResp>): void =>
    answer(
      callback,
      () => namesOf(call.request.getOptions()),
      log,
      async () => {
        const options = call.request.getOptions();
        const { eventSource, group } = eventSourceOf(options);
        const stopAt = stopAtOf(options!);
        const found = subsystem.find(eventSource, group);
        if (!found) throw doesNotExist(eventSource, group);
        await found.replayParked(stopAt);
        return new ReplayParkedResp();
      },
    );

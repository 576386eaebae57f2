import { UpdateReq, UpdateResp } from '@eventstore/db-client/generated/persistent_pb';
import type { ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import type { EventLog } from '../../storage';
import { firstPointOf, parseGroupRequest } from '../group-request';
import { startFromText } from '../group-target';
import type { GroupLog } from '../persistent-group';
import type { PersistentSubsystem } from '../subsystem';
import { answer, groupRequestNames } from './call-errors';

/** The checkpoint survives an update; an unchanged start keeps the point an END start was fixed at. */
export const updateGroup =
  (subsystem: PersistentSubsystem, storage: EventLog, log: GroupLog) =>
  (call: ServerUnaryCall<UpdateReq, UpdateResp>, callback: sendUnaryData<UpdateResp>): void =>
    answer(
      callback,
      () => groupRequestNames(call.request.getOptions()),
      log,
      async () => {
        const request = parseGroupRequest(call.request);
        const isAll = request.eventSource === '$all';
        await subsystem.update(request.eventSource, request.group, (current) => ({
          ...current,
          start: request.start,
          filter: request.filter === undefined ? current.filter : request.filter,
          settings: request.settings,
          firstPoint:
            startFromText(isAll, current.start) === startFromText(isAll, request.start)
              ? current.firstPoint
              : firstPointOf(storage, request.eventSource, request.start),
        }));
        return new UpdateResp();
      },
    );

import { UpdateReq, UpdateResp } from '@eventstore/db-client/generated/persistent_pb';
import type { ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import type { EventStorage } from '../../storage';
import { firstPointOf, parseGroupRequest } from '../group-request';
import { startFromText } from '../group-target';
import type { GroupLog } from '../persistent-group';
import type { PersistentSubsystem } from '../subsystem';
import { answer, namesOf } from './call-errors';

/** The checkpoint survives an update; an unchanged start keeps the point an END start was fixed at. */
export const updateGroup =
  (subsystem: PersistentSubsystem, storage: EventStorage, log: GroupLog) =>
  (call: ServerUnaryCall<UpdateReq, UpdateResp>, callback: sendUnaryData<UpdateResp>): void =>
    answer(callback, () => {
      const options = call.request.getOptions();
      const names = namesOf(options);
      const identifier = options?.getStream()?.getStreamIdentifier();
      if (identifier) names.stream = Buffer.from(identifier.getStreamName_asU8()).toString('utf8');
      return names;
    }, log, async () => {
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
    });

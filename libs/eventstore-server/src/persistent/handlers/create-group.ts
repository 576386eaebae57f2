import { CreateReq, CreateResp } from '@eventstore/db-client/generated/persistent_pb';
import type { ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import type { EventLog } from '../../storage';
import { definitionOf, parseGroupRequest } from '../group-request';
import type { GroupLog } from '../persistent-group';
import type { PersistentSubsystem } from '../subsystem';
import { answer, groupRequestNames } from './call-errors';

export const createGroup =
  (subsystem: PersistentSubsystem, storage: EventLog, log: GroupLog) =>
  (call: ServerUnaryCall<CreateReq, CreateResp>, callback: sendUnaryData<CreateResp>): void =>
    answer(
      callback,
      () => groupRequestNames(call.request.getOptions()),
      log,
      async () => {
        const request = parseGroupRequest(call.request);
        await subsystem.create(request.eventSource, request.group, () => definitionOf(storage, request));
        return new CreateResp();
      },
    );

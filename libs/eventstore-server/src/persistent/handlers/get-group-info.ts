import { GetInfoReq, GetInfoResp } from '@eventstore/db-client/generated/persistent_pb';
import type { ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import { doesNotExist } from '../errors';
import { eventSourceOf } from '../event-source';
import type { GroupLog } from '../persistent-group';
import { subscriptionInfo } from '../subscription-info';
import type { PersistentSubsystem } from '../subsystem';
import { answer, namesOf } from './call-errors';

export const getGroupInfo =
  (subsystem: PersistentSubsystem, log: GroupLog) =>
  (call: ServerUnaryCall<GetInfoReq, GetInfoResp>, callback: sendUnaryData<GetInfoResp>): void =>
    answer(
      callback,
      () => namesOf(call.request.getOptions()),
      log,
      async () => {
        const { eventSource, group } = eventSourceOf(call.request.getOptions());
        const found = subsystem.find(eventSource, group);
        if (!found) throw doesNotExist(eventSource, group);
        return new GetInfoResp().setSubscriptionInfo(subscriptionInfo(found, Date.now()));
      },
    );

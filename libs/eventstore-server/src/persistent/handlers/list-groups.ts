import { ListReq, ListResp } from '@eventstore/db-client/generated/persistent_pb';
import type { ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import { streamNameOf } from '../../grpc/request-fields';
import { doesNotExist, InvalidPersistentRequest } from '../errors';
import { ALL_STREAM } from '../group-target';
import type { GroupLog } from '../persistent-group';
import { subscriptionInfo } from '../subscription-info';
import type { PersistentSubsystem } from '../subsystem';
import { answer } from './call-errors';

/** Every group, or a stream's groups; a stream without any is NOT_FOUND with an empty group name. */
export const listGroups =
  (subsystem: PersistentSubsystem, log: GroupLog) =>
  (call: ServerUnaryCall<ListReq, ListResp>, callback: sendUnaryData<ListResp>): void =>
    answer(
      callback,
      () => ({ stream: '', group: '' }),
      log,
      async () => {
        const options = call.request.getOptions();
        if (!options) throw new InvalidPersistentRequest('Options are required');
        const now = Date.now();
        const forStream = options.getListForStream();
        if (!forStream) {
          if (!options.hasListAllSubscriptions()) throw new InvalidPersistentRequest('A list option is required');
          return new ListResp().setSubscriptionsList(subsystem.list().map((group) => subscriptionInfo(group, now)));
        }
        const eventSource = forStream.hasAll() ? ALL_STREAM : streamNameOf(forStream.getStream());
        const groups = subsystem.list(eventSource);
        if (groups.length === 0) throw doesNotExist(eventSource, '');
        return new ListResp().setSubscriptionsList(groups.map((group) => subscriptionInfo(group, now)));
      },
    );

import { Empty } from '@eventstore/db-client/generated/shared_pb';
import type { ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import type { GroupLog } from '../persistent-group';
import type { PersistentSubsystem } from '../subsystem';
import { answer } from './call-errors';

/** Drops every connection and reloads the groups, as the real server does. */
export const restartSubsystem =
  (subsystem: PersistentSubsystem, log: GroupLog) =>
  (_call: ServerUnaryCall<Empty, Empty>, callback: sendUnaryData<Empty>): void =>
    answer(
      callback,
      () => ({ stream: '', group: '' }),
      log,
      async () => {
        await subsystem.restart();
        return new Empty();
      },
    );

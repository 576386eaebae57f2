import { PersistentSubscriptionsService } from '@eventstore/db-client/generated/persistent_grpc_pb';
import type { Server } from '@grpc/grpc-js';
import type { HandlerContext } from '../grpc/context';
import type { SupportedMethodSpec } from '../grpc/server-features';
import { createGroup } from './handlers/create-group';
import { deleteGroup } from './handlers/delete-group';
import { getGroupInfo } from './handlers/get-group-info';
import { listGroups } from './handlers/list-groups';
import { readGroup } from './handlers/read-group';
import { replayParked } from './handlers/replay-parked';
import { restartSubsystem } from './handlers/restart-subsystem';
import { updateGroup } from './handlers/update-group';
import type { GroupLog } from './persistent-group';
import { PersistentSubsystem } from './subsystem';

const SERVICE = 'event_store.client.persistent_subscriptions.persistentsubscriptions';
const METHODS = ['create', 'update', 'delete', 'read', 'getinfo', 'replayparked', 'list', 'restartsubsystem'];

/**
 * Adds the PersistentSubscriptions service. Every method is advertised with `stream` and `all`, which
 * keeps the client on gRPC (no HTTP fallback) and allows the `…ToAll` operations (ESDB-WIRE A1).
 */
export function registerPersistentSubscriptions(
  server: Server,
  ctx: HandlerContext,
): { methods: SupportedMethodSpec[]; stop(): Promise<void>; backlog(): number } {
  const log: GroupLog = (level, message, fields) => ctx.logger[level](message, fields);
  const subsystem = new PersistentSubsystem(ctx.storage, log);
  server.addService(PersistentSubscriptionsService, {
    create: createGroup(subsystem, ctx.storage, log),
    update: updateGroup(subsystem, ctx.storage, log),
    delete: deleteGroup(subsystem, log),
    read: readGroup(subsystem, log),
    getInfo: getGroupInfo(subsystem, log),
    replayParked: replayParked(subsystem, log),
    list: listGroups(subsystem, log),
    restartSubsystem: restartSubsystem(subsystem, log),
  });
  return {
    methods: METHODS.map((method) => ({ service: SERVICE, method, features: ['stream', 'all'] })),
    stop: () => subsystem.stop(),
    backlog: () => subsystem.backlog().reduce((sum, group) => sum + group.backlog, 0),
  };
}

import { streamsGrpc } from '../protocol';
import type { Server, ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import { decodeBatchAppendReq } from '../batch-append-request';
import type { HandlerContext } from '../context';
import { handleAppend } from './append';
import { handleBatchAppend } from './batch-append';
import { handleDelete, handleTombstone } from './delete';
import { handleRead } from './read';
import type { SupportedMethodSpec } from '../server-features';

const SERVICE = 'event_store.client.streams.streams';

const passThrough = (reply: Buffer) => reply;

/**
 * Read replies are encoded by hand (read-resp-encoder), so its serializer passes the bytes through;
 * so are BatchAppend's replies (batch-append-replies), and its requests are decoded by hand
 * (batch-append-request).
 */
const streamsDefinition = {
  ...streamsGrpc.StreamsService,
  read: { ...streamsGrpc.StreamsService.read, responseSerialize: passThrough },
  batchAppend: {
    ...streamsGrpc.StreamsService.batchAppend,
    requestDeserialize: decodeBatchAppendReq,
    responseSerialize: passThrough,
  },
} as unknown as ServiceDefinition;

export function registerStreams(server: Server, ctx: HandlerContext): SupportedMethodSpec[] {
  const implementation: UntypedServiceImplementation = {
    read: handleRead(ctx),
    append: handleAppend(ctx),
    batchAppend: handleBatchAppend(ctx),
    delete: handleDelete(ctx),
    tombstone: handleTombstone(ctx),
  };
  server.addService(streamsDefinition, implementation);
  return [
    { service: SERVICE, method: 'read', features: ['position', 'events'] },
    { service: SERVICE, method: 'append', features: [] },
    { service: SERVICE, method: 'batchappend', features: ['deadline_duration'] },
    { service: SERVICE, method: 'delete', features: [] },
    { service: SERVICE, method: 'tombstone', features: [] },
  ];
}

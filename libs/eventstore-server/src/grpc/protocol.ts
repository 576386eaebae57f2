/**
 * The protocol classes the server uses, loaded from the client's generated code into a private
 * namespace.
 *
 * google-protobuf generated code registers its classes on the global object (`proto.event_store.*`)
 * and looks them up there at call time. `@kurrent/kurrentdb-client` ships different classes under the
 * same names, so an application (or a test) that runs this server in-process next to that client
 * would have one package's classes silently replaced by the other's. Each generated file is therefore
 * evaluated here with its `global` pointing at a private object instead of the real one.
 */
import type * as GossipGrpc from '@eventstore/db-client/generated/gossip_grpc_pb';
import type * as GossipPb from '@eventstore/db-client/generated/gossip_pb';
import type * as PersistentGrpc from '@eventstore/db-client/generated/persistent_grpc_pb';
import type * as PersistentPb from '@eventstore/db-client/generated/persistent_pb';
import type * as ServerFeaturesGrpc from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import type * as ServerFeaturesPb from '@eventstore/db-client/generated/serverfeatures_pb';
import type * as SharedPb from '@eventstore/db-client/generated/shared_pb';
import type * as StatusPb from '@eventstore/db-client/generated/status_pb';
import type * as StreamsGrpc from '@eventstore/db-client/generated/streams_grpc_pb';
import type * as StreamsPb from '@eventstore/db-client/generated/streams_pb';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const generatedDir = dirname(require.resolve('@eventstore/db-client/generated/streams_pb.js'));
const requireFromGenerated = createRequire(join(generatedDir, 'streams_pb.js'));
const privateGlobal: { proto: Record<string, unknown> } = { proto: {} };
const loaded = new Map<string, unknown>();
const GLOBAL_LOOKUP = /var global = \(function\(\) \{[\s\S]*?\}\.call\(null\)\);/;

function loadGenerated(file: string): unknown {
  const cached = loaded.get(file);
  if (cached) return cached;
  const path = join(generatedDir, file);
  const source = readFileSync(path, 'utf8');
  const registersGlobally = source.includes('goog.exportSymbol(');
  if (registersGlobally && !GLOBAL_LOOKUP.test(source)) {
    throw new Error(`${file}: unrecognised generated code, cannot isolate its protobuf classes`);
  }
  const isolated = registersGlobally ? source.replace(GLOBAL_LOOKUP, 'var global = __private; var proto = __private.proto;') : source;
  const module = { exports: {} as Record<string, unknown> };
  loaded.set(file, module.exports);
  const localRequire = (id: string) =>
    id.startsWith('./') ? loadGenerated(id.slice(2).replace(/\.js$/, '') + '.js') : requireFromGenerated(id);
  const evaluate = new Function('exports', 'require', 'module', '__filename', '__dirname', '__private', isolated);
  evaluate(module.exports, localRequire, module, path, generatedDir, privateGlobal);
  loaded.set(file, module.exports);
  return module.exports;
}

export const shared = loadGenerated('shared_pb.js') as typeof SharedPb;
export const status = loadGenerated('status_pb.js') as typeof StatusPb;
export const streams = loadGenerated('streams_pb.js') as typeof StreamsPb;
export const streamsGrpc = loadGenerated('streams_grpc_pb.js') as typeof StreamsGrpc;
export const serverFeatures = loadGenerated('serverfeatures_pb.js') as typeof ServerFeaturesPb;
export const serverFeaturesGrpc = loadGenerated('serverfeatures_grpc_pb.js') as typeof ServerFeaturesGrpc;
export const gossip = loadGenerated('gossip_pb.js') as typeof GossipPb;
export const gossipGrpc = loadGenerated('gossip_grpc_pb.js') as typeof GossipGrpc;
export const persistent = loadGenerated('persistent_pb.js') as typeof PersistentPb;
export const persistentGrpc = loadGenerated('persistent_grpc_pb.js') as typeof PersistentGrpc;

// The classes used across the server, each exported as a value and as its instance type.
export const UUID = shared.UUID;
export type UUID = SharedPb.UUID;
export const Empty = shared.Empty;
export type Empty = SharedPb.Empty;
export const StreamIdentifier = shared.StreamIdentifier;
export type StreamIdentifier = SharedPb.StreamIdentifier;
export const ReadReq = streams.ReadReq;
export type ReadReq = StreamsPb.ReadReq;
export const ReadResp = streams.ReadResp;
export type ReadResp = StreamsPb.ReadResp;
export const AppendReq = streams.AppendReq;
export type AppendReq = StreamsPb.AppendReq;
export const AppendResp = streams.AppendResp;
export type AppendResp = StreamsPb.AppendResp;
export const BatchAppendReq = streams.BatchAppendReq;
export type BatchAppendReq = StreamsPb.BatchAppendReq;
export const BatchAppendResp = streams.BatchAppendResp;
export type BatchAppendResp = StreamsPb.BatchAppendResp;
export const DeleteReq = streams.DeleteReq;
export type DeleteReq = StreamsPb.DeleteReq;
export const DeleteResp = streams.DeleteResp;
export type DeleteResp = StreamsPb.DeleteResp;
export const TombstoneReq = streams.TombstoneReq;
export type TombstoneReq = StreamsPb.TombstoneReq;
export const TombstoneResp = streams.TombstoneResp;
export type TombstoneResp = StreamsPb.TombstoneResp;
export type { StreamsPb, SharedPb };

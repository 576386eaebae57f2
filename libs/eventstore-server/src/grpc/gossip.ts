import { gossip, gossipGrpc, UUID } from './protocol';
import type { sendUnaryData, Server, ServerUnaryCall } from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import type { SupportedMethodSpec } from './server-features';

/** Gossip.Read: a single node answering with itself as an alive Leader, so discovery works (A8). */
export function registerGossip(server: Server, endpoint: () => { host: string; port: number }): SupportedMethodSpec {
  const instanceId = randomUUID();
  server.addService(gossipGrpc.GossipService, {
    read: (_call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
      const { host, port } = endpoint();
      const { ClusterInfo, EndPoint, MemberInfo } = gossip;
      const member = new MemberInfo()
        .setInstanceId(new UUID().setString(instanceId))
        .setTimeStamp(`${Date.now()}0000`)
        .setState(MemberInfo.VNodeState.LEADER)
        .setIsAlive(true)
        .setHttpEndPoint(new EndPoint().setAddress(host).setPort(port));
      callback(null, new ClusterInfo().setMembersList([member]));
    },
  });
  return { service: 'event_store.client.gossip.gossip', method: 'read', features: [] };
}

import { serverFeatures, serverFeaturesGrpc } from './protocol';
import type { sendUnaryData, Server, ServerUnaryCall } from '@grpc/grpc-js';

/** A method as ServerFeatures advertises it: lower-case full service name and method name (A1). */
export interface SupportedMethodSpec {
  service: string;
  method: string;
  features: string[];
}

export const SERVER_VERSION = '24.10.0';

/** Advertises exactly the methods the other services registered; called after they are all added. */
export function registerServerFeatures(server: Server, methods: () => SupportedMethodSpec[]): SupportedMethodSpec {
  const { SupportedMethod, SupportedMethods } = serverFeatures;
  server.addService(serverFeaturesGrpc.ServerFeaturesService, {
    getSupportedMethods: (_call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
      const reply = new SupportedMethods().setEventStoreServerVersion(SERVER_VERSION);
      reply.setMethodsList(
        methods().map((spec) =>
          new SupportedMethod()
            .setServiceName(spec.service.toLowerCase())
            .setMethodName(spec.method.toLowerCase())
            .setFeaturesList(spec.features),
        ),
      );
      callback(null, reply);
    },
  });
  return { service: 'event_store.client.server_features.serverfeatures', method: 'getsupportedmethods', features: [] };
}

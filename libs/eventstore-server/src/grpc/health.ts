import { loadPackageDefinition, type Server, type ServiceDefinition, status, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { fromJSON } from '@grpc/proto-loader';
import { healthProto } from './health-proto';

interface HealthPackage {
  grpc: { health: { v1: { Health: { service: ServiceDefinition } } } };
}

/** The standard gRPC health service: SERVING while the server runs, NOT_SERVING once it stops. */
export function registerHealth(server: Server, serving: () => boolean): void {
  const definition = fromJSON(healthProto as Parameters<typeof fromJSON>[0], { enums: String, defaults: true });
  const health = (loadPackageDefinition(definition) as unknown as HealthPackage).grpc.health.v1.Health;
  server.addService(health.service, {
    check: (call: { request: { service: string } }, callback: (error: unknown, reply?: unknown) => void) => {
      if (call.request.service !== '') {
        return callback({ code: status.NOT_FOUND, details: `unknown service ${call.request.service}` });
      }
      callback(null, { status: serving() ? 'SERVING' : 'NOT_SERVING' });
    },
    watch: (call: { write(reply: unknown): void; end(): void }) => {
      call.write({ status: serving() ? 'SERVING' : 'NOT_SERVING' });
      call.end();
    },
  } as unknown as UntypedServiceImplementation);
}

/**
 * The standard `grpc.health.v1` protocol (grpc/grpc-proto `health.proto`) as a protobufjs JSON
 * descriptor, so the build needs no .proto file next to the compiled code:
 *
 *   message HealthCheckRequest { string service = 1; }
 *   message HealthCheckResponse {
 *     enum ServingStatus { UNKNOWN = 0; SERVING = 1; NOT_SERVING = 2; SERVICE_UNKNOWN = 3; }
 *     ServingStatus status = 1;
 *   }
 *   service Health {
 *     rpc Check(HealthCheckRequest) returns (HealthCheckResponse);
 *     rpc Watch(HealthCheckRequest) returns (stream HealthCheckResponse);
 *   }
 */
export const healthProto = {
  nested: {
    grpc: {
      nested: {
        health: {
          nested: {
            v1: {
              nested: {
                HealthCheckRequest: { fields: { service: { type: 'string', id: 1 } } },
                HealthCheckResponse: {
                  fields: { status: { type: 'ServingStatus', id: 1 } },
                  nested: {
                    ServingStatus: { values: { UNKNOWN: 0, SERVING: 1, NOT_SERVING: 2, SERVICE_UNKNOWN: 3 } },
                  },
                },
                Health: {
                  methods: {
                    Check: { requestType: 'HealthCheckRequest', responseType: 'HealthCheckResponse' },
                    Watch: {
                      requestType: 'HealthCheckRequest',
                      responseType: 'HealthCheckResponse',
                      responseStream: true,
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};

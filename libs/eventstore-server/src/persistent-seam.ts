import type { Server } from '@grpc/grpc-js';
import type { HandlerContext } from './grpc/context';
import type { SupportedMethodSpec } from './grpc/server-features';

/**
 * The seam to `persistent/`: its index exports `registerPersistentSubscriptions(server, ctx)`, which
 * adds the PersistentSubscriptions service and returns what it implemented, either as a method list
 * or as `{ methods, stop?, backlog? }`. Without that module nothing is registered or advertised.
 */
export type PersistentRegistration =
  | ReadonlyArray<SupportedMethodSpec>
  | { methods: ReadonlyArray<SupportedMethodSpec>; stop?(): Promise<void>; backlog?(): number };

export interface PersistentSubscriptions {
  methods: ReadonlyArray<SupportedMethodSpec>;
  stop(): Promise<void>;
  backlog(): number;
}

type Registrar = (server: Server, ctx: HandlerContext) => PersistentRegistration;

function loadRegistrar(): Registrar | undefined {
  try {
    // Resolved at run time so the server builds and runs while that part does not exist yet.
    const module = require('./persistent') as { registerPersistentSubscriptions?: Registrar };
    return module.registerPersistentSubscriptions;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && String(error).includes('persistent');
    if (missing) return undefined;
    throw error;
  }
}

export function registerPersistentSubscriptions(server: Server, ctx: HandlerContext): PersistentSubscriptions {
  const registrar = loadRegistrar();
  const registration = registrar ? registrar(server, ctx) : [];
  if (Array.isArray(registration)) {
    return { methods: registration as ReadonlyArray<SupportedMethodSpec>, stop: async () => undefined, backlog: () => 0 };
  }
  const described = registration as Exclude<PersistentRegistration, ReadonlyArray<SupportedMethodSpec>>;
  return {
    methods: described.methods,
    stop: () => described.stop?.() ?? Promise.resolve(),
    backlog: () => described.backlog?.() ?? 0,
  };
}

/** Who caused an event: a partner user, a customer user, or one of our own processes. */
export type Actor =
  | { kind: 'partner'; partnerId: string; userId: string; role: string }
  | { kind: 'customer'; customerId: string; userId: string; role: string }
  | { kind: 'system'; process: string };

export interface ChainLink {
  prev: string | null;
  hash: string;
}

/** Written on every event (docs/ARCHITECTURE.md, "Event metadata"). */
export interface EventMetadata {
  /** The shape of this event's data: its type's version when written (the domain's `currentSchemaVersion`). */
  schemaVersion: number;
  actor: Actor;
  correlationId: string;
  causationId: string;
  command: string;
  /** The W3C traceparent of the append's span, when traces were on (README, "Traces"). */
  traceparent?: string;
  chain: ChainLink;
}

/** What a caller supplies; the schema version and the chain are filled in by the command path. */
export interface CommandMetadata {
  actor: Actor;
  correlationId: string;
  causationId: string;
  command: string;
}

import { randomUUID } from 'node:crypto';
import { BACKWARDS, END, jsonEvent, NO_STREAM } from '@eventstore/db-client';
import { currentSchemaVersion, type AnyDomainEvent } from '@app/domain';
import { chainLink, type EventMetadata } from '@app/event-store';
import type { ApiHarness, CallOptions, CallResult } from './api-harness';

/** A stream's history before the request: the domain's own event types, so a spec cannot invent a shape. */
export interface GivenStream {
  readonly stream: string;
  readonly events: readonly AnyDomainEvent[];
}

export interface ApiRequest extends CallOptions {
  readonly method: string;
  readonly path: string;
}

/** What the request appended: the events written on behalf of the caller, by stream (not the process manager's follow-ups). */
export type Appended = ReadonlyMap<string, readonly { type: string; data: unknown }[]>;

export type Expectation = (response: CallResult, appended: Appended) => void;

export const stream = (name: string, ...events: AnyDomainEvent[]): GivenStream => ({ stream: name, events });

/**
 * given(streams).when(request).then(expectations), after Emmett's ApiSpecification, over the API running as
 * `npm start` runs it: the given events are appended to the store with the metadata and hash chain the command path
 * writes, so the API reads them as its own history; the expectations see the response and the events the request
 * appended.
 */
export const apiSpec = (api: ApiHarness) => ({
  given: (...streams: GivenStream[]) => ({
    when: (request: ApiRequest) => ({
      then: async (...expectations: Expectation[]): Promise<CallResult> => {
        for (const given of streams) await appendHistory(api, given);
        const before = await api.head();
        const { method, path, ...options } = request;
        const response = await api.call(method, path, options);
        const appended = await appendedSince(api, before);
        for (const expectation of expectations) expectation(response, appended);
        return response;
      },
    }),
  }),
});

export const expectResponse =
  (status: number, body?: Record<string, unknown>): Expectation =>
  (response) => {
    expect({ status: response.status, body: response.body }).toMatchObject({ status, ...(body ? { body } : {}) });
  };

/** A refusal: problem+json with the error code (and the offending field, when named). */
export const expectProblem =
  (status: number, code: string, field?: string): Expectation =>
  (response) => {
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });
    if (field !== undefined) expect(response.text).toContain(field);
  };

/** Exactly these events (each matched as a subset of the stored one) were appended to the stream, in order. */
export const expectAppended =
  (streamName: string, ...events: { type: string; data?: Record<string, unknown> }[]): Expectation =>
  (_response, appended) => {
    expect(appended.get(streamName) ?? []).toMatchObject(events);
  };

export const expectNothingAppended: Expectation = (_response, appended) => {
  expect(Object.fromEntries(appended)).toEqual({});
};

export async function appendHistory(api: ApiHarness, given: GivenStream): Promise<void> {
  let prev: string | null = null;
  const data = given.events.map((event, revision) => {
    const base: Omit<EventMetadata, 'chain'> = {
      schemaVersion: currentSchemaVersion(event.type),
      actor: { kind: 'system', process: 'spec-given' },
      correlationId: randomUUID(),
      causationId: randomUUID(),
      command: 'Given',
    };
    const chain = chainLink({ prev, streamName: given.stream, revision, type: event.type, data: event.data, metadata: base });
    prev = chain.hash;
    return jsonEvent({ type: event.type, data: event.data as Record<string, unknown>, metadata: { ...base, chain } });
  });
  await api.client.appendToStream(given.stream, data, { expectedRevision: NO_STREAM });
}

/** Events after `head` in $all written for a partner or customer user (processes and checkpoints left out). */
/** The events partner and customer users caused since `head` (not the process manager's), by stream. */
export async function appendedSince(api: ApiHarness, head: bigint | null): Promise<Appended> {
  const appended = new Map<string, { type: string; data: unknown }[]>();
  // Read to the end of a bounded page rather than break out: an abandoned read keeps the channel busy.
  for await (const resolved of api.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 200 })) {
    const event = resolved.event;
    if (!event || event.streamId.startsWith('$')) continue;
    if (head !== null && (event.position?.commit ?? 0n) <= head) continue;
    const actor = (event.metadata as Partial<EventMetadata> | undefined)?.actor;
    if (actor?.kind !== 'partner' && actor?.kind !== 'customer') continue;
    const list = appended.get(event.streamId) ?? [];
    list.unshift({ type: event.type, data: event.data });
    appended.set(event.streamId, list);
  }
  return appended;
}

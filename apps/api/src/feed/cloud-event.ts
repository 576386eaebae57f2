import { currentSchemaVersion, type IsoTime } from '@app/domain';
import { parseStreamName } from '@app/domain/stream-names';

/** A CloudEvents 1.0 event in structured JSON mode: what every downstream consumer receives. */
export interface CloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject?: string;
  time: IsoTime;
  datacontenttype: 'application/json';
  /** Extension attribute: the event's commit position in the log, as a decimal string (resume from it). */
  logposition: string;
  data: unknown;
}

export interface StoredEvent {
  id: string;
  streamId: string;
  revision: bigint;
  position: bigint;
  type: string;
  created: Date;
  data: unknown;
  /** The schema version of `data`; the type's current one (what upcast data is) when not given. */
  schemaVersion?: number;
}

/** `com.csp-relationships.RelationshipRemoved.v1`: the name and version of the data, what a consumer dispatches on. */
export const cloudEventType = (eventType: string, schemaVersion: number = currentSchemaVersion(eventType)) =>
  `com.csp-relationships.${eventType}.v${schemaVersion}`;

/** The resource the event is about, as a path below the API's `/v1`. */
export function subjectOf(streamId: string, data: unknown): string | undefined {
  const parsed = parseStreamName(streamId);
  switch (parsed?.category) {
    case 'customer':
      return `customers/${parsed.customerId}`;
    case 'invitation':
      return `invitations/${parsed.invitationId}`;
    case 'partnership':
      return `partnerships/${parsed.providerId}_${parsed.resellerId}`;
    case 'partner':
      return `partners/${parsed.partnerId}`;
    case 'customerdomain': {
      const customerId = (data as { customerId?: unknown } | null)?.customerId;
      return typeof customerId === 'string' ? `customers/${customerId}` : undefined;
    }
    default:
      return undefined;
  }
}

export function toCloudEvent(event: StoredEvent, source: string): CloudEvent {
  const subject = subjectOf(event.streamId, event.data);
  return {
    specversion: '1.0',
    id: event.id,
    source,
    type: cloudEventType(event.type, event.schemaVersion),
    ...(subject === undefined ? {} : { subject }),
    time: event.created.toISOString(),
    datacontenttype: 'application/json',
    logposition: event.position.toString(),
    data: event.data,
  };
}

import { ApiResponse } from '@nestjs/swagger';

/** A member an answer may leave out. */
class OptionalMember {
  constructor(readonly sample: unknown) {}
}
/** A member that may be null; `sample` shows its type when it is not. */
class NullableMember {
  constructor(readonly sample: unknown) {}
}
/** An object keyed by ids (a partner id, a service): every value is like `sample`. */
class MapOf {
  constructor(
    readonly key: string,
    readonly sample: unknown,
  ) {}
}

export const optional = (sample: unknown) => new OptionalMember(sample);
export const orNull = (sample: unknown) => new NullableMember(sample);
export const mapOf = (key: string, sample: unknown) => new MapOf(key, sample);

type Schema = Record<string, unknown>;

/** The schema of a sample answer: its types, its members required unless `optional`, null only where `orNull`. */
export function schemaOf(sample: unknown): Schema {
  if (sample instanceof NullableMember) return { ...schemaOf(sample.sample), nullable: true };
  if (sample instanceof OptionalMember) return schemaOf(sample.sample);
  if (sample instanceof MapOf) return { type: 'object', additionalProperties: schemaOf(sample.sample) };
  if (Array.isArray(sample)) return { type: 'array', items: sample.length > 0 ? schemaOf(sample[0]) : {} };
  if (sample === null) throw new Error('a sample answer says what a null member is when it is not: orNull(sample)');
  if (typeof sample === 'object') {
    const members = Object.entries(sample as Record<string, unknown>);
    const required = members.filter(([, value]) => !(value instanceof OptionalMember)).map(([name]) => name);
    return {
      type: 'object',
      properties: Object.fromEntries(members.map(([name, value]) => [name, schemaOf(value)])),
      ...(required.length > 0 ? { required } : {}),
    };
  }
  if (typeof sample === 'number') return { type: Number.isInteger(sample) ? 'integer' : 'number' };
  return { type: typeof sample };
}

/** The sample as a client sees it: markers replaced by their samples, a map by one entry. */
export function exampleOf(sample: unknown): unknown {
  if (sample instanceof NullableMember || sample instanceof OptionalMember) return exampleOf(sample.sample);
  if (sample instanceof MapOf) return { [sample.key]: exampleOf(sample.sample) };
  if (Array.isArray(sample)) return sample.map(exampleOf);
  if (sample !== null && typeof sample === 'object')
    return Object.fromEntries(Object.entries(sample).map(([name, value]) => [name, exampleOf(value)]));
  return sample;
}

/**
 * A 2xx answer documented by one sample: the schema is read from it (`schemaOf`) and it is the example, so the two
 * cannot disagree. Answers whose shape matters beyond the sample keep a schema class (the audit endpoints).
 */
export const Answers = (status: number, description: string, sample: object) =>
  ApiResponse({ status, description, schema: { ...schemaOf(sample), example: exampleOf(sample) } });

const COMMAND_HEADERS = {
  ETag: { description: 'W/"<revision>" of the stream written: send it back as If-Match', schema: { type: 'string' } },
  'X-Log-Position': { description: 'Log position of the write: send it as X-Min-Position to read it', schema: { type: 'string' } },
};

/** A command's answer (`commandResult`): its body with the stream revision and log position written, and their headers. */
export const AnswersCommand = (status: number, description: string, body: object) =>
  ApiResponse({
    status,
    description,
    headers: COMMAND_HEADERS,
    schema: (() => {
      const sample = { ...body, revision: orNull(3), logPosition: orNull('48213') };
      return { ...schemaOf(sample), example: exampleOf(sample) };
    })(),
  });

/** A 2xx answer that is not JSON (a page, a key, a stream): a string, in the media type the route declares. */
export const AnswersText = (status: number, description: string, example: string) =>
  ApiResponse({ status, description, schema: { type: 'string', example } });

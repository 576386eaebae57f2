import { startApiHarness, type ApiHarness, type CallResult } from './support/api-harness';
import { appendedSince } from './support/api-spec';
import { commandFamilies, type Family } from './support/command-families';
import { enrol, uid } from './support/fixtures';

type Kind = 'direct' | 'indirect-provider' | 'indirect-reseller';
const kinds: Kind[] = ['direct', 'indirect-provider', 'indirect-reseller'];

// Headers whose values differ per response whatever the request (time, size, the rate limit's countdown).
const varying = new Set(['date', 'content-length', 'x-request-id', 'keep-alive', 'connection']);
const shape = (response: CallResult) => ({
  status: response.status,
  body: response.body,
  headers: Object.fromEntries(
    [...response.headers.entries()]
      .filter(([name]) => !varying.has(name))
      .map(([name, value]) => [name, name.includes('ratelimit') ? '·' : value]),
  ),
});

/**
 * An existence oracle answers differently for "someone else's" and "nobody's": a foreign id must answer exactly as an
 * unknown one, whatever else the request carries; If-Match in particular must not reveal another partner's revision.
 */
describe('foreign and unknown ids', () => {
  let api: ApiHarness;
  let families: Family[];
  let foreign: Record<Kind, string>;
  const kindOf = new Map<string, Kind>();

  beforeAll(async () => {
    api = await startApiHarness();
    families = (await commandFamilies(api)).filter((f) => f.idSegment !== undefined && partnerOf(f.token) !== undefined);
    foreign = Object.fromEntries(await Promise.all(kinds.map(async (kind) => [kind, (await enrol(api, kind)).token]))) as Record<
      Kind,
      string
    >;
    for (const family of families) {
      const profile = await api.call('GET', '/v1/partner', { token: family.token });
      kindOf.set(family.name, profile.body.kind as Kind);
    }
  });
  afterAll(async () => {
    await api?.close();
  });

  it('every command on an id the caller cannot see answers the same 404 as an unknown id, with or without If-Match', async () => {
    expect(families.length).toBeGreaterThanOrEqual(6);
    const before = await api.head();
    for (const family of families) {
      const segments = family.path.split('/');
      const unknownPath = segments.map((s, i) => (i === family.idSegment ? uid('unknown') : s)).join('/');
      for (const kind of kinds) {
        const token = foreign[kind];
        const send = (path: string, ifMatch?: string) =>
          api.call(family.method, path, { token, body: family.valid, headers: ifMatch ? { 'if-match': ifMatch } : {} });
        const answers = [
          await send(unknownPath),
          await send(unknownPath, 'W/"0"'),
          await send(family.path),
          await send(family.path, 'W/"0"'),
          await send(family.path, 'W/"1"'),
          await send(family.path, 'W/"7"'),
        ].map(shape);
        const label = `${family.name} as a foreign ${kind}`;
        for (const answer of answers.slice(1)) expect({ label, ...answer }).toEqual({ label, ...answers[0] });
        // A partner of the family's own kind gets past the role check, so it is the lookup that answers.
        if (kind === kindOf.get(family.name)) expect({ label, status: answers[0].status }).toEqual({ label, status: 404 });
      }
    }
    expect(Object.fromEntries(await appendedSince(api, before))).toEqual({});
  });
});

function partnerOf(token: string): string | undefined {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).partner_id;
}

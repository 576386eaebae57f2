import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { currentSchemaVersion, eventTypes } from '@app/domain';
import { cataloguePaths, regenerateCommand, repositoryRoot, schemaOf, toFileText, type EventCatalogue } from './catalogue';
import { asyncApiDocument } from './asyncapi-document';
import { catalogueIncompatibilities } from './compatibility';
import { generateSchemas, type GeneratedSchemas } from './generate-catalogue';
import { asyncApiProblems, unresolvedRefs } from './testing/asyncapi-validator';
import { eventValidator } from './testing/event-validator';

const root = repositoryRoot();
const committedText = fs.readFileSync(path.join(root, cataloguePaths.catalogue), 'utf8');
const committed = JSON.parse(committedText) as EventCatalogue;

/** Every version of the catalogue ever committed, newest first: a published schema stays published. */
function history(): { commit: string; catalogue: EventCatalogue }[] {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  let commits: string[];
  try {
    commits = git('log', '--format=%H', '--', cataloguePaths.catalogue).split('\n').filter(Boolean);
  } catch {
    return []; // not a git checkout (an unpacked archive): the committed file is all there is to compare with
  }
  return commits.map((commit) => ({
    commit,
    catalogue: JSON.parse(git('show', `${commit}:${cataloguePaths.catalogue}`)) as EventCatalogue,
  }));
}

describe('the event catalogue', () => {
  let schemas: GeneratedSchemas;
  let generated: EventCatalogue;
  beforeAll(() => {
    schemas = generateSchemas(root);
    generated = schemas.catalogue;
  });

  it('has a schema for every event type at the version the command path writes', () => {
    const missing = eventTypes.filter((type) => !schemaOf(committed, type, currentSchemaVersion(type)));
    expect(missing).toEqual([]);
    expect(Object.keys(generated.events).sort()).toEqual([...eventTypes].sort());
  });

  it('changes no published version incompatibly (add a version with an upcaster instead)', () => {
    const problems = [{ commit: 'the committed file', catalogue: committed }, ...history()].flatMap(({ commit, catalogue }) =>
      catalogueIncompatibilities(catalogue, generated).map((problem) => `${problem} (published in ${commit})`),
    );
    expect(problems).toEqual([]);
  });

  it(`is committed exactly as the generator writes it (run \`${regenerateCommand}\`)`, () => {
    const fresh = toFileText(generated);
    if (fresh !== committedText)
      throw new Error(`${cataloguePaths.catalogue} is not what the domain's types give: run \`${regenerateCommand}\` and commit it`);
  });

  it(`commits the AsyncAPI document as the generator writes it (run \`${regenerateCommand}\`), valid AsyncAPI 3`, () => {
    const document = asyncApiDocument(schemas);
    expect(asyncApiProblems(document)).toEqual([]);
    expect(unresolvedRefs(document)).toEqual([]);
    if (toFileText(document) !== fs.readFileSync(path.join(root, cataloguePaths.asyncApi), 'utf8'))
      throw new Error(`${cataloguePaths.asyncApi} is not what the code's types give: run \`${regenerateCommand}\` and commit it`);
    // Every message's data is the catalogue's schema of that event version, whichever way it is delivered.
    const components = document.components as { schemas: Record<string, unknown> };
    for (const [type, entry] of Object.entries(generated.events))
      for (const [version, schema] of Object.entries(entry.versions)) expect(components.schemas[`${type}.v${version}`]).toEqual(schema);
  });

  it('the AsyncAPI check finds a broken document', () => {
    expect(
      asyncApiProblems({ asyncapi: '3.0.0', info: { title: 't', version: '1' }, operations: { o: { action: 'publish' } } }),
    ).not.toEqual([]);
    expect(unresolvedRefs({ a: { $ref: '#/components/schemas/Nothing' }, components: { schemas: {} } })).toEqual([
      '#/components/schemas/Nothing',
    ]);
  });

  it('validates events by their schema: a missing, extra or mistyped field, a bad time or an unknown type fails', () => {
    const { problemsOf } = eventValidator(generated);
    const data = { invitationId: 'i1', partnerId: 'p1', revokedBy: 'u1', revokedAt: '2026-03-01T10:00:00.000Z' };
    expect(problemsOf('InvitationRevoked', 1, data)).toEqual([]);
    expect(problemsOf('InvitationRevoked', 1, { ...data, reason: 'duplicate' })).toEqual([]);
    expect(problemsOf('InvitationRevoked', 1, { ...data, revokedBy: undefined })).toEqual([
      "InvitationRevoked v1: data must have required property 'revokedBy'",
    ]);
    expect(problemsOf('InvitationRevoked', 1, { ...data, token: 'secret' })).toEqual([
      'InvitationRevoked v1: data must NOT have additional properties',
    ]);
    expect(problemsOf('InvitationRevoked', 1, { ...data, reason: 7 })).toEqual(['InvitationRevoked v1: data/reason must be string']);
    expect(problemsOf('InvitationRevoked', 1, { ...data, revokedAt: 'yesterday' })).toEqual([
      'InvitationRevoked v1: data/revokedAt must match format "date-time"',
    ]);
    expect(problemsOf('InvitationRevoked', 9, data)).toEqual(['InvitationRevoked v9: no schema in the event catalogue']);
    expect(problemsOf('Unheard', 1, data)).toEqual(['Unheard v1: no schema in the event catalogue']);
  });
});

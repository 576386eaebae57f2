import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { COMMITTED_DOCUMENT } from '../../apps/api/src/openapi/generate';
import { problemTypes } from '../../apps/api/src/problem-types/problem-catalogue';

const root = resolve(__dirname, '../..');
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

interface Operation {
  operationId: string;
  security: Record<string, string[]>[];
  parameters?: { in: string; name: string }[];
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, { schema?: unknown; examples?: Record<string, { $ref: string }> }> }>;
}

/** The document as the built API generates it now (`npm run openapi -- --stdout`; Nest's preview mode opens nothing). */
let generated: string;
let operations: [string, Operation][];
let schemas: Record<string, Schema>;
let examples: Record<string, { value: { code: string; status: number } }>;

interface Schema {
  $ref?: string;
  example?: unknown;
  enum?: unknown[];
  items?: Schema;
  allOf?: Schema[];
  properties?: Record<string, Schema>;
}

/** An example of its own, or a schema class every member of which has one (the audit endpoints' schema classes). */
const exemplified = (schema: Schema): boolean => {
  if ('example' in schema || 'enum' in schema) return true;
  if (schema.items) return exemplified(schema.items);
  if (schema.$ref) return exemplified(schemas[schema.$ref.split('/').pop()!]);
  if (schema.allOf) return schema.allOf.every(exemplified);
  return schema.properties !== undefined && Object.values(schema.properties).every(exemplified);
};

beforeAll(async () => {
  const cli = resolve(root, 'dist/apps/api/src/openapi/cli.js');
  generated = (await promisify(execFile)(process.execPath, [cli, '--stdout'], { maxBuffer: 64 << 20 })).stdout;
  const document = JSON.parse(generated) as {
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, Schema>; examples: Record<string, { value: { code: string; status: number } }> };
  };
  schemas = document.components.schemas;
  examples = document.components.examples;
  operations = Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method): [string, Operation] => [`${method.toUpperCase()} ${path}`, item[method]]),
  );
});

const codesOf = (operation: Operation, status: number): string[] =>
  Object.keys(operation.responses[String(status)]?.content?.['application/problem+json']?.examples ?? {});

describe('the OpenAPI document', () => {
  it('is the committed copy', () => {
    const committed = readFileSync(resolve(root, COMMITTED_DOCUMENT), 'utf8');
    if (committed !== generated) {
      throw new Error(`${COMMITTED_DOCUMENT} differs from the document the API generates: run \`npm run openapi\` and commit it.`);
    }
  });

  it("passes the linter's configured rules (redocly.yaml) without an error", async () => {
    const cli = require.resolve('@redocly/cli/bin/cli.js');
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
    const run = promisify(execFile)(process.execPath, [cli, 'lint', COMMITTED_DOCUMENT, '--format=stylish'], { cwd: root, env });
    await run.catch((error: { stdout?: string; stderr?: string }) => {
      throw new Error(`redocly lint failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
    });
  });

  it('names every operation with a unique camelCase verb and noun', () => {
    const ids = operations.map(([, operation]) => operation.operationId);
    expect(
      ids.filter(
        (id) =>
          !/^(get|list|add|enrol|import|update|remove|request|accept|revoke|reassign|change|designate|associate|create|delete|test|rotate|redeliver|export|stream)[A-Z][A-Za-z]+$/.test(
            id,
          ),
      ),
    ).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(
      Object.fromEntries(
        operations
          .filter(([route]) => ['POST /v1/customers', 'GET /v1/customers'].includes(route))
          .map(([route, o]) => [route, o.operationId]),
      ),
    ).toEqual({
      'POST /v1/customers': 'addCustomer',
      'GET /v1/customers': 'listCustomers',
    });
  });

  it('gives every error response the Problem schema, and examples whose codes are in the catalogue', () => {
    const codes = new Set([...problemTypes.values()].map((type) => type.code));
    for (const [route, operation] of operations) {
      for (const [status, response] of Object.entries(operation.responses).filter(([status]) => Number(status) >= 400)) {
        const problem = response.content?.['application/problem+json'];
        expect([route, status, problem?.schema]).toEqual([route, status, { $ref: '#/components/schemas/ProblemSchema' }]);
        for (const [code, example] of Object.entries(problem?.examples ?? {})) {
          const { value } = examples[example.$ref.split('/').pop()!];
          expect([route, value.code, value.status]).toEqual([route, code, Number(status)]);
          expect(codes).toContain(code);
        }
      }
    }
  });

  it('gives every operation a success answer with a schema and an example', () => {
    const undocumented = operations
      .filter(([, operation]) => {
        const success = Object.entries(operation.responses).filter(([status]) => /^2/.test(status));
        return !success.some(([status, response]) =>
          status === '204'
            ? true
            : Object.values(response.content ?? {}).some((media) => media.schema && exemplified(media.schema as Schema)),
        );
      })
      .map(([route]) => route);
    expect(undocumented).toEqual([]);
  });

  it('gives every request body an example for each member', () => {
    const bodies = operations.filter(([, operation]) => operation.requestBody);
    expect(bodies.length).toBeGreaterThan(15);
    const without = bodies
      .filter(
        ([, operation]) =>
          !exemplified((operation.requestBody as { content: Record<string, { schema: Schema }> }).content['application/json'].schema),
      )
      .map(([route]) => route);
    expect(without).toEqual([]);
  });

  it('lists the refusals of what a route goes through: token, permission, validation, body, If-Match, idempotency, read models', () => {
    const operation = (route: string) => operations.find(([r]) => r === route)![1];
    const remove = operation('POST /v1/customers/{customerId}/relationship/remove');
    expect(remove.security).toEqual([{ bearer: [] }]);
    expect(codesOf(remove, 401)).toEqual(['UNAUTHENTICATED']);
    expect(codesOf(remove, 403)).toEqual(expect.arrayContaining(['FORBIDDEN', 'ROLE.FORBIDDEN', 'PARTNER.NOT_ENROLLED']));
    expect(codesOf(remove, 400)).toEqual(expect.arrayContaining(['VALIDATION', 'RELATIONSHIP.CONFIRMATION_REQUIRED']));
    expect(codesOf(remove, 404)).toEqual(['CUSTOMER.NOT_FOUND']);
    expect(codesOf(remove, 409)).toEqual(expect.arrayContaining(['RELATIONSHIP.NOT_ACTIVE', 'CONCURRENCY', 'IDEMPOTENCY_KEY_IN_PROGRESS']));
    expect(Object.keys(remove.responses)).toEqual(expect.arrayContaining(['412', '413', '415', '422', '429', '503']));

    const list = operation('GET /v1/customers');
    expect(codesOf(list, 503)).toEqual(expect.arrayContaining(['READ_MODEL_BEHIND', 'TOO_MANY_POSITION_WAITS', 'OVERLOADED']));
    expect(Object.keys(list.responses)).not.toEqual(expect.arrayContaining(['412']));
    expect(Object.keys(list.responses)).not.toEqual(expect.arrayContaining(['415']));

    const live = operation('GET /health/live');
    expect(live.security).toEqual([]);
    expect(Object.keys(live.responses).filter((status) => Number(status) >= 400)).toEqual(['429']);
  });
});

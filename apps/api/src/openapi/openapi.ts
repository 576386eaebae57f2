import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FieldErrorSchema, ProblemSchema } from './problem.schema';
import { addProblemResponses } from './problem-responses';

const BEARER = 'bearer';

const config = new DocumentBuilder()
  .setTitle('CSP partner relationships API')
  .setDescription(
    'Commands over customers, invitations, relationships, partnerships and subscriptions. Errors are ' +
      'application/problem+json (RFC 9457) with a stable `code`; each `type` URI answers with a page explaining it, ' +
      'and `/problems` lists them all. Aggregate resources return `ETag: W/"<revision>"`; send it back as `If-Match` ' +
      'to make a command conditional. POST accepts `Idempotency-Key`. Responses carry `X-Log-Position` for ' +
      'read-your-writes. Any request may also be refused before it reaches a route: 400 `MALFORMED_REQUEST`, ' +
      '408 `REQUEST_TIMEOUT`, 431 `HEADERS_TOO_LARGE`; and 500 `INTERNAL` stays possible everywhere.',
  )
  .setVersion('1')
  .addServer('/', 'This deployment (the document is served by the API it describes)')
  .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER)
  .build();

/**
 * The OpenAPI document of the API's routes: operation ids are the handlers' method names (each a verb and a noun,
 * unique across the API), and every operation lists the problem responses it can give (`addProblemResponses`).
 */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controller: string, method: string) => method,
    extraModels: [ProblemSchema, FieldErrorSchema],
  });
  addProblemResponses(document, `#/components/schemas/${ProblemSchema.name}`, BEARER);
  return document;
}

/** `/openapi.json` (and `.yaml`), browsable at `/docs`. */
export function setupOpenApi(app: NestFastifyApplication): void {
  SwaggerModule.setup('docs', app, openApiDocument(app), { jsonDocumentUrl: 'openapi.json', yamlDocumentUrl: 'openapi.yaml' });
}

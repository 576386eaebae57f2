import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** The OpenAPI document generated from the controllers and DTOs: `/openapi.json`, browsable at `/docs`. */
export function setupOpenApi(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('CSP partner relationships API')
    .setDescription(
      'Commands over customers, invitations, relationships, partnerships and subscriptions. Errors are ' +
        'application/problem+json with a stable `code`. Aggregate resources return `ETag: W/"<revision>"`; send it ' +
        'back as `If-Match` to make a command conditional. POST accepts `Idempotency-Key`. Responses carry ' +
        '`X-Log-Position` for read-your-writes.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', yamlDocumentUrl: 'openapi.yaml' });
}

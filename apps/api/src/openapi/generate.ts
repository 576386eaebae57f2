/** Where the committed copy of the document lives, from the repository's root. */
export const COMMITTED_DOCUMENT = 'docs/openapi.json';

/**
 * The document as `/openapi.json` serves it, built from the same module tree in Nest's preview mode: no provider is
 * created, so nothing is opened or listened on and no configuration is read.
 */
export async function generateOpenApiDocument(): Promise<string> {
  const [{ NestFactory }, { FastifyAdapter }, { apiModule }, { openApiDocument }] = await Promise.all([
    import('@nestjs/core'),
    import('@nestjs/platform-fastify'),
    import('../app.module'),
    import('./openapi'),
  ]);
  const unused = undefined as never;
  const app = await NestFactory.create(
    apiModule({ resources: {} as never, idempotency: unused, webhooks: { service: unused }, inlineProjector: {} }),
    new FastifyAdapter(),
    { preview: true, logger: false, abortOnError: false },
  );
  try {
    return `${JSON.stringify(openApiDocument(app), null, 2)}\n`;
  } finally {
    await app.close();
  }
}

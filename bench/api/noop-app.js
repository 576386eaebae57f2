// The ceiling: a Nest + Fastify app whose POST endpoint does nothing, started like the API (own process).
'use strict';
require('reflect-metadata');
const { Controller, HttpCode, Module, Post } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { FastifyAdapter } = require('@nestjs/platform-fastify');

class NoopController {
  handle() {
    return { ok: true };
  }
}
const handle = Object.getOwnPropertyDescriptor(NoopController.prototype, 'handle');
Post()(NoopController.prototype, 'handle', handle);
HttpCode(200)(NoopController.prototype, 'handle', handle);
Controller('noop')(NoopController);

class NoopModule {}
Module({ controllers: [NoopController] })(NoopModule);

async function main() {
  const app = await NestFactory.create(NoopModule, new FastifyAdapter({ bodyLimit: 64 * 1024 }), { logger: false });
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
  process.stdout.write(`NOOP listening on ${process.env.PORT}\n`);
  process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
}
main();

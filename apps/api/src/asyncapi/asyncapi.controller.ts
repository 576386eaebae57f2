import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ForAudience } from '../auth/auth.decorators';
import { Answers } from '../openapi/answers.decorator';
// The committed document (`npm run catalogue` writes it from the code's types); the build copies it into dist/.
import asyncApiDocument from '../../../../docs/asyncapi.json';

/** The AsyncAPI 3 document of the live feed, webhooks and store subscriptions: a contract, like /openapi.json. */
@ApiTags('events')
@ForAudience('public')
@Controller()
export class AsyncApiController {
  @Get('asyncapi.json')
  @Header('cache-control', 'public, max-age=300')
  @ApiOperation({ summary: 'The AsyncAPI 3 document of the events: live feed, webhooks, store subscriptions (no token needed)' })
  @Answers(200, 'The AsyncAPI 3 document (application/json)', {
    asyncapi: '3.0.0',
    info: { title: 'CSP partner relationships events', version: '1' },
  })
  getAsyncApiDocument(): unknown {
    return asyncApiDocument;
  }
}

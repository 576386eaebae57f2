import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ForAudience } from '../auth/auth.decorators';
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
  document(): unknown {
    return asyncApiDocument;
  }
}

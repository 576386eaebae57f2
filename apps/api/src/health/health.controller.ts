import { Controller, Get, Inject, Res } from '@nestjs/common';
import { Answers, mapOf, optional } from '../openapi/answers.decorator';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { EventStoreDBClient } from '@eventstore/db-client';
import type { FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import { ForAudience } from '../auth/auth.decorators';
import { SQL_DATABASE } from '../infrastructure/resources.module';
import { ReadModelHealth } from '../queries';
import { readiness, type Readiness } from './readiness';

@ApiTags('health')
@ForAudience('public')
@Controller('health')
export class HealthController {
  constructor(
    private readonly client: EventStoreDBClient,
    @Inject(SQL_DATABASE) private readonly db: Kysely<any>,
    @Inject(ReadModelHealth) private readonly views: ReadModelHealth,
  ) {}

  @Get()
  @Answers(200, 'The process runs', { status: 'ok' })
  @ApiOperation({ summary: 'Liveness (the same as /health/live)' })
  getHealth(): { status: 'ok' } {
    return this.getLiveness();
  }

  @Get('live')
  @Answers(200, 'The process runs', { status: 'ok' })
  @ApiOperation({ summary: 'Liveness: the process runs and answers' })
  getLiveness(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @Answers(200, 'Every check is up (503 with the same shape names the one that is down)', {
    status: 'ready',
    checks: mapOf('eventStore', { status: 'up', reason: optional('projections lag 12000 events') }),
  })
  @ApiOperation({
    summary: 'Readiness: the event store and the database answer and projections are within their lag; 503 says which check failed',
  })
  async getReadiness(@Res({ passthrough: true }) reply: FastifyReply): Promise<Readiness> {
    const result = await readiness(this.client, this.db, () => this.views.check());
    reply.status(result.status === 'ready' ? 200 : 503).header('cache-control', 'no-store');
    return result;
  }
}

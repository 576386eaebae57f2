import { Controller, Get, Inject } from '@nestjs/common';
import { Answers, orNull } from '../../openapi/answers.decorator';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProjectorHealth } from '@app/read-models';
import { ReadModelHealth } from './read-model-health.service';

@ApiTags('health')
@Controller('read-models')
export class ReadModelStatusController {
  constructor(@Inject(ReadModelHealth) private readonly health: ReadModelHealth) {}

  // Positions and counts of the whole log are for operators: a partner token (any partner) is required.
  @Get('health')
  @Answers(200, 'Each projection: version, checkpoint, lag and state', {
    status: 'ok',
    projections: [
      {
        name: 'customer-list',
        version: 4,
        activeGeneration: 1,
        activeVersion: 4,
        checkpoint: orNull({ commit: 48213, prepare: 48213 }),
        eventsApplied: 48213,
        lagEvents: 0,
        lagEventsCapped: false,
        lagSeconds: 0,
        state: 'live',
      },
    ],
  })
  @ApiOperation({ summary: 'Projection checkpoints, lag (events and seconds) and state; status "degraded" when behind or retrying' })
  getReadModelHealth(): Promise<ProjectorHealth> {
    return this.health.check();
  }
}

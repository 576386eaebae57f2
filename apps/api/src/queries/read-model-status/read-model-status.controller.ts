import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProjectorHealth } from '@app/read-models';
import { ReadModelHealth } from './read-model-health.service';

@ApiTags('health')
@Controller('read-models')
export class ReadModelStatusController {
  constructor(@Inject(ReadModelHealth) private readonly health: ReadModelHealth) {}

  // Positions and counts of the whole log are for operators: a partner token (any partner) is required.
  @Get('health')
  @ApiOperation({ summary: 'Projection checkpoints, lag (events and seconds) and state; status "degraded" when behind or retrying' })
  getReadModelHealth(): Promise<ProjectorHealth> {
    return this.health.check();
  }
}

import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { lagMetrics, ProjectorHealth } from '@app/read-models';
import { ForAudience } from '../../auth/auth.decorators';
import { ReadModelHealth } from './read-model-health.service';

@ApiTags('health')
@Controller('read-models')
export class ReadModelStatusController {
  constructor(@Inject(ReadModelHealth) private readonly health: ReadModelHealth) {}

  @ForAudience('public')
  @Get('health')
  @ApiOperation({ summary: 'Projection checkpoints, lag (events and seconds) and state; status "degraded" when behind or retrying' })
  check(): Promise<ProjectorHealth> {
    return this.health.check();
  }

  @ForAudience('public')
  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4')
  @ApiOperation({ summary: 'Projection lag as Prometheus gauges' })
  async metrics(): Promise<string> {
    return lagMetrics((await this.health.check()).projections);
  }
}

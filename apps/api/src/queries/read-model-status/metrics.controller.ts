import { Controller, Get, Header, Inject } from '@nestjs/common';
import { AnswersText } from '../../openapi/answers.decorator';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiMetrics } from '../../metrics/api-metrics';
import { ReadModelHealth } from './read-model-health.service';

@ApiTags('health')
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(ReadModelHealth) private readonly health: ReadModelHealth,
    private readonly metrics: ApiMetrics,
  ) {}

  // Counts and positions of the whole log are for operators: like /read-models/health it needs a bearer token.
  @Get()
  @AnswersText(
    200,
    'Prometheus text exposition format',
    'http_request_duration_seconds_bucket{method="GET",route="/v1/customers",status="200",le="0.005"} 42\n',
  )
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics: HTTP requests, commands, appends, read-model lag, process and event loop' })
  async getMetrics(): Promise<string> {
    this.metrics.setProjections((await this.health.check()).projections);
    return this.metrics.registry.metrics();
  }
}

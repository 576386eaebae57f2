import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ForAudience } from '../auth/auth.decorators';

@ApiTags('health')
@Controller()
export class HealthController {
  @ForAudience('public')
  @Get('health')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}

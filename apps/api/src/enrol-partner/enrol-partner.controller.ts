import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { AnswersCommand } from '../openapi/answers.decorator';
import { enrolledPartnerSample } from '../openapi/samples';
import { Refuses } from '../openapi/refuses.decorator';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { commandResult, type HttpResult } from '../http/http-result';
import { EnrolPartnerDto } from './enrol-partner.dto';
import { EnrolPartnerCommand } from './enrol-partner.handler';
import { IdempotentCommand } from '../idempotency/idempotent-command.decorator';

@ApiTags('partner')
@Controller('v1/partner')
export class EnrolPartnerController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @AnswersCommand(201, 'Enrolled; Location: /v1/partner', { partner: enrolledPartnerSample })
  @Refuses('PARTNER.ALREADY_ENROLLED')
  @IdempotentCommand('EnrolPartner')
  @HttpCode(201)
  @ApiOperation({ summary: "Enrol the caller's partner organisation (the root of its tenancy)" })
  async enrolPartner(@CurrentPrincipal() principal: Principal, @Body() body: EnrolPartnerDto): Promise<HttpResult> {
    const result = await this.commands.execute(new EnrolPartnerCommand(principal as Extract<Principal, { kind: 'partner' }>, body));
    return commandResult(201, result, { partner: result.state }, '/v1/partner');
  }
}

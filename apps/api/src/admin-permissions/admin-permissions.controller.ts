import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { AnswersCommand, orNull } from '../openapi/answers.decorator';
import { Refuses } from '../openapi/refuses.decorator';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { isService, services, type Service } from '@app/domain';
import { CurrentPrincipal, ForAudience } from '../auth/auth.decorators';
import type { CustomerPrincipal } from '../auth/principal';
import { commandResult, type HttpResult } from '../http/http-result';
import { IfMatch } from '../http/if-match';
import { ProblemException, problem } from '../http/problem';
import { ReassignAdminPermissionsDto, RemoveAdminPermissionsDto } from './admin-permissions.dto';
import { ReassignAdminPermissionsCommand, RemoveAdminPermissionsCommand } from './admin-permissions.handlers';
import { IdempotentCommand } from '../idempotency/idempotent-command.decorator';

function service(value: string): Service {
  if (!isService(value))
    throw new ProblemException(
      problem(400, 'ADMIN.SERVICE_UNKNOWN', `service must be one of ${services.join(', ')}.`, { field: 'service' }),
    );
  return value;
}

/** The customer side: the customer's Global admin manages which partner holds admin rights per service. */
@ApiTags('admin permissions (customer)')
@ForAudience('customer')
@ApiHeader({ name: 'If-Match', required: false })
@ApiParam({ name: 'service', enum: services })
@Controller('v1/customer/admin-permissions/:service')
export class AdminPermissionsController {
  constructor(private readonly commands: CommandBus) {}

  @Post('remove')
  @AnswersCommand(200, 'Removed: nobody holds them', { customerId: 'c-contoso', service: 'exchange', adminHolder: orNull('p-fabrikam') })
  @Refuses('CUSTOMER.NOT_FOUND', 'ADMIN.SERVICE_UNKNOWN', 'ADMIN.NOT_HELD', 'RELATIONSHIP.NOT_ACTIVE')
  @IdempotentCommand('RemoveAdminPermissions')
  @HttpCode(200)
  @ApiOperation({ summary: "Remove a partner's delegated admin permissions for a service" })
  async removeAdminPermissions(
    @CurrentPrincipal() principal: CustomerPrincipal,
    @Param('service') serviceName: string,
    @IfMatch() ifMatch: bigint | undefined,
    @Body() body: RemoveAdminPermissionsDto,
  ): Promise<HttpResult> {
    const result = await this.commands.execute(
      new RemoveAdminPermissionsCommand(principal, principal.customerId, { ...body, service: service(serviceName) }, ifMatch),
    );
    return commandResult(200, result, { customerId: principal.customerId, service: serviceName, adminHolder: null });
  }

  @Post('reassign')
  @AnswersCommand(200, 'Reassigned', { customerId: 'c-contoso', service: 'exchange', adminHolder: orNull('p-fabrikam') })
  @Refuses('CUSTOMER.NOT_FOUND', 'ADMIN.SERVICE_UNKNOWN', 'ADMIN.NOT_HELD', 'RELATIONSHIP.NOT_ACTIVE')
  @IdempotentCommand('ReassignAdminPermissions')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move delegated admin permissions for a service to another partner' })
  async reassignAdminPermissions(
    @CurrentPrincipal() principal: CustomerPrincipal,
    @Param('service') serviceName: string,
    @IfMatch() ifMatch: bigint | undefined,
    @Body() body: ReassignAdminPermissionsDto,
  ): Promise<HttpResult> {
    const result = await this.commands.execute(
      new ReassignAdminPermissionsCommand(principal, principal.customerId, { ...body, service: service(serviceName) }, ifMatch),
    );
    return commandResult(200, result, { customerId: principal.customerId, service: serviceName, adminHolder: body.toPartnerId });
  }
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { services, type Service } from '@app/domain';
import { IsId, IsMultilineText } from '../http/common.dto';

export class RequestRelationshipDto {
  @ApiPropertyOptional({ example: true, description: 'Also ask for delegated admin permissions', default: false })
  @IsOptional()
  @IsBoolean()
  includeAdminPermissions?: boolean;

  @ApiPropertyOptional({
    example: ['exchange', 'teams'],
    enum: services,
    isArray: true,
    description: 'Services to ask admin permissions for (default: all)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(services.length)
  @ArrayUnique()
  @IsIn(services as Service[], { each: true })
  services?: Service[];

  @ApiPropertyOptional({ example: 30, minimum: 1, maximum: 90, default: 30 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(90)
  expiresInDays?: number;

  @ApiPropertyOptional({
    example: 'Contoso Resellers invites you to a reseller relationship: {{invitationLink}}',
    maxLength: 10_000,
    description: 'Edited email text; must keep {{invitationLink}}',
  })
  @IsOptional()
  @IsMultilineText(10_000)
  emailDraft?: string;

  @ApiPropertyOptional({
    example: 'p-fabrikam',
    description: 'Combined invitation: the indirect provider to invite the customer to as well (resellers only)',
  })
  @IsOptional()
  @IsId()
  providerId?: string;
}

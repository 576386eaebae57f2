import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsText } from '../http/common.dto';

export class RevokeInvitationDto {
  @ApiPropertyOptional({ example: 'Sent to the wrong customer', maxLength: 500 }) @IsOptional() @IsText(500) reason?: string;
}

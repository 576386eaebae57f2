import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsId, IsText } from '../http/common.dto';

export class RequestPartnershipDto {
  @ApiProperty({ description: 'The indirect reseller to partner with' }) @IsId() resellerId!: string;
}

export class RemovePartnershipDto {
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsText(500) reason?: string;
}

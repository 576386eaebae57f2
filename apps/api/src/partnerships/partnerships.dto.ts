import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsId, IsText } from '../http/common.dto';

export class RequestPartnershipDto {
  @ApiProperty({ example: 'p-contoso-resell', description: 'The indirect reseller to partner with' }) @IsId() resellerId!: string;
}

export class RemovePartnershipDto {
  @ApiPropertyOptional({ example: 'The partnership agreement ended', maxLength: 500 }) @IsOptional() @IsText(500) reason?: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min, ValidateIf } from 'class-validator';
import { IsId } from '../http/common.dto';

export class AddSubscriptionDto {
  @ApiProperty({ example: 'exchange-online-plan-1' }) @IsId() offerId!: string;
  @ApiProperty({ example: 25, minimum: 1, maximum: 1_000_000 }) @IsInt() @Min(1) @Max(1_000_000) licenseCount!: number;
  @ApiPropertyOptional({ example: 'p-contoso-resell', description: 'Indirect reseller to make partner of record' })
  @IsOptional()
  @IsId()
  partnerOfRecordId?: string;
}

export class ChangeLicenseCountDto {
  @ApiProperty({ example: 30, minimum: 1, maximum: 1_000_000 }) @IsInt() @Min(1) @Max(1_000_000) licenseCount!: number;
}

export class DesignateSupportContactDto {
  @ApiProperty({ enum: ['provider', 'reseller'] }) @IsIn(['provider', 'reseller']) kind!: 'provider' | 'reseller';

  @ApiPropertyOptional({ example: 'p-contoso-resell', description: 'Required when kind is reseller' })
  @ValidateIf((dto: DesignateSupportContactDto) => dto.kind === 'reseller' || dto.resellerId !== undefined)
  @IsId()
  resellerId?: string;
}

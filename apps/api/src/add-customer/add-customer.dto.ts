import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { AddressDto, ContactDto, IsId, IsText, NestedDto } from '../http/common.dto';

export class AgreementDto {
  @ApiProperty({ example: true, description: 'The customer confirmed acceptance of the customer agreement.' })
  @IsBoolean()
  accepted!: boolean;

  @ApiProperty({ example: 'Ada Lovelace', maxLength: 200 }) @IsText() signerName!: string;

  @ApiProperty({ example: 'ada@contoso.example', maxLength: 254 }) @IsString() @Length(3, 254) @IsEmail() signerEmail!: string;

  @ApiProperty({ example: '2026-11-20', description: 'ISO-8601 date or date-time, not in the future' })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/, { message: '$property must be an ISO-8601 date' })
  signedAt!: string;
}

export class InitialSubscriptionDto {
  @ApiProperty({ example: 'exchange-online-plan-1' }) @IsId() offerId!: string;
  @ApiProperty({ example: 25, minimum: 1, maximum: 1_000_000 }) @IsInt() @Min(1) @Max(1_000_000) licenseCount!: number;
}

export class AddCustomerDto {
  @ApiProperty({ example: 'Contoso', maxLength: 200 }) @IsText() companyName!: string;
  @ApiProperty({ example: 'contoso.example', maxLength: 253 }) @IsText(253) primaryDomain!: string;
  @ApiProperty({ type: AddressDto }) @NestedDto(() => AddressDto) address!: AddressDto;
  @ApiProperty({ type: ContactDto }) @NestedDto(() => ContactDto) primaryContact!: ContactDto;
  @ApiProperty({ type: AgreementDto }) @NestedDto(() => AgreementDto) agreement!: AgreementDto;

  @ApiPropertyOptional({
    example: 'p-contoso-resell',
    description: 'Indirect reseller to associate (providers only; the partnership must be active)',
  })
  @IsOptional()
  @IsId()
  resellerId?: string;

  @ApiPropertyOptional({ type: [InitialSubscriptionDto], maxItems: 20 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @NestedDto(() => InitialSubscriptionDto)
  subscriptions?: InitialSubscriptionDto[];
}

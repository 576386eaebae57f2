import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { partnerKinds, type PartnerKind } from '@app/domain';

export class EnrolPartnerDto {
  @ApiProperty({ enum: partnerKinds })
  @IsIn(partnerKinds as PartnerKind[])
  kind!: PartnerKind;

  @ApiProperty({ example: 'Fabrikam Distribution', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: '1234567', description: 'MPN ID, 5 to 10 digits' })
  @IsString()
  @Matches(/^\d{5,10}$/)
  mpnId!: string;

  @ApiProperty({ example: 'US', description: 'ISO 3166-1 alpha-2' })
  @IsString()
  @Matches(/^[A-Za-z]{2}$/)
  country!: string;
}

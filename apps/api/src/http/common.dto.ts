import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsEmail, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';

const NO_CONTROL_CHARACTERS = /^[^\u0000-\u001f\u007f]*$/;
const NO_CONTROL_EXCEPT_NEWLINES = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

/** A bounded single-line text field. */
export const IsText = (max = 200, min = 1) =>
  applyDecorators(
    IsString(),
    Length(min, max),
    Matches(NO_CONTROL_CHARACTERS, { message: '$property must not contain control characters' }),
  );

/** A bounded multi-line text (an email body): newlines and tabs allowed, other control characters not. */
export const IsMultilineText = (max: number) =>
  applyDecorators(
    IsString(),
    Length(1, max),
    Matches(NO_CONTROL_EXCEPT_NEWLINES, { message: '$property must not contain control characters' }),
  );

export const IsId = () => applyDecorators(IsString(), Matches(ID_PATTERN, { message: '$property must be 1-64 letters, digits or dashes' }));

export class AddressDto {
  @ApiProperty({ example: '1 Main St', maxLength: 200 }) @IsText() line1!: string;
  @ApiPropertyOptional({ example: 'Suite 100', maxLength: 200 }) @IsOptional() @IsText() line2?: string;
  @ApiProperty({ example: 'Seattle', maxLength: 100 }) @IsText(100) city!: string;
  @ApiPropertyOptional({ example: 'WA', maxLength: 100 }) @IsOptional() @IsText(100) state?: string;
  @ApiProperty({ example: '98101', maxLength: 20 }) @IsText(20) postalCode!: string;
  @ApiProperty({ example: 'US' })
  @IsString()
  @Matches(/^[A-Za-z]{2}$/, { message: '$property must be an ISO 3166-1 alpha-2 code' })
  country!: string;
}

export class ContactDto {
  @ApiProperty({ example: 'Ada', maxLength: 100 }) @IsText(100) firstName!: string;
  @ApiProperty({ example: 'Lovelace', maxLength: 100 }) @IsText(100) lastName!: string;
  @ApiProperty({ example: 'ada@contoso.example', maxLength: 254 }) @IsString() @Length(3, 254) @IsEmail() email!: string;
  @ApiPropertyOptional({ example: '+1 206 555 0100', maxLength: 40 }) @IsOptional() @IsText(40) phone?: string;
}

export const NestedDto = (type: () => new () => object) => applyDecorators(IsDefined(), ValidateNested(), Type(type));

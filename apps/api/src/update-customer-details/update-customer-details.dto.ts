import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { AddressDto, ContactDto, IsText, NestedDto } from '../http/common.dto';

export class UpdateCustomerDetailsDto {
  @ApiPropertyOptional({ example: 'Contoso Ltd', maxLength: 200 }) @IsOptional() @IsText() companyName?: string;
  @ApiPropertyOptional({ type: AddressDto }) @IsOptional() @NestedDto(() => AddressDto) address?: AddressDto;
  @ApiPropertyOptional({ type: ContactDto }) @IsOptional() @NestedDto(() => ContactDto) primaryContact?: ContactDto;
}

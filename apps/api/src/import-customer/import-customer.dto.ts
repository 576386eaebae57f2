import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsId, IsText } from '../http/common.dto';

export class ImportCustomerDto {
  @ApiProperty({ example: 'c-contoso', description: 'The id the customer has in the other portal; importing it again changes nothing.' })
  @IsId()
  customerId!: string;

  @ApiProperty({ example: 'Contoso', maxLength: 200 }) @IsText() companyName!: string;
  @ApiProperty({ example: 'contoso.example', maxLength: 253 }) @IsText(253) primaryDomain!: string;
  @ApiPropertyOptional({ maxLength: 100, example: 'partner-center' }) @IsOptional() @IsText(100) source?: string;
}

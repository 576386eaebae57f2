import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { IsText, NestedDto } from '../http/common.dto';

export class NewCustomerDto {
  @ApiProperty({ example: 'Contoso', maxLength: 200 }) @IsText() companyName!: string;
  @ApiProperty({ example: 'contoso.example', maxLength: 253 }) @IsText(253) primaryDomain!: string;
}

export class AcceptInvitationDto {
  @ApiProperty({ example: '4q9Xk2mZrT8vLw3N', description: 'The token from the personalised link' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: '$property must be the token from the invitation link' })
  token!: string;

  @ApiPropertyOptional({ type: NewCustomerDto, description: 'Needed when the customer is not known to the system yet' })
  @IsOptional()
  @NestedDto(() => NewCustomerDto)
  newCustomer?: NewCustomerDto;
}

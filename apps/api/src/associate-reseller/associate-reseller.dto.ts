import { ApiProperty } from '@nestjs/swagger';
import { IsId } from '../http/common.dto';

export class AssociateResellerDto {
  @ApiProperty({ example: 'p-contoso-resell', description: 'An indirect reseller in an active partnership with the calling provider' })
  @IsId()
  resellerId!: string;
}

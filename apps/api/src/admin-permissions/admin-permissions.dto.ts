import { ApiProperty } from '@nestjs/swagger';
import { IsId } from '../http/common.dto';

export class RemoveAdminPermissionsDto {
  @ApiProperty({ example: 'p-fabrikam', description: 'The partner whose admin permissions are removed' }) @IsId() partnerId!: string;
}

export class ReassignAdminPermissionsDto {
  @ApiProperty({ example: 'p-contoso-resell', description: 'The partner that receives the admin permissions' })
  @IsId()
  toPartnerId!: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsId } from '../http/common.dto';

export class RemoveAdminPermissionsDto {
  @ApiProperty({ description: 'The partner whose admin permissions are removed' }) @IsId() partnerId!: string;
}

export class ReassignAdminPermissionsDto {
  @ApiProperty({ description: 'The partner that receives the admin permissions' }) @IsId() toPartnerId!: string;
}
